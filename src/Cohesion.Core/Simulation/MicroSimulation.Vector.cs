using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Cohesion.Demography.PopulationIndex;

namespace Cohesion.Simulation;

public sealed partial class MicroSimulation
{
    private readonly RenewalTables? _renewal;

    /// <summary>
    /// The latent renewal of one person as a table lookup (AVX-512): the 64-bit words a person's renewal may consume
    /// are computed at once (eight wyrand values of its stream, the same values <see cref="LatentProcess.RenewBlocks"/>
    /// draws one by one), and for each of the 2^blocks renewal patterns a permutation puts each renewed block's words
    /// on its latents, a lane mask says which latents change and a count says how many words the pattern consumed —
    /// so the renewal has no branch and gives exactly the scalar result.
    /// </summary>
    private sealed class RenewalTables
    {
        public const int MaxBlocks = 4, MaxWords = 8;
        public readonly Vector512<ushort>[] Permutation;
        public readonly Vector512<ushort>[] Select;
        public readonly int[] Words;
        public readonly uint Threshold;
        public readonly int Stride;

        private RenewalTables(int[] blocks, int stride, uint threshold)
        {
            Stride = stride;
            int patterns = 1 << blocks.Length;
            Permutation = new Vector512<ushort>[patterns];
            Select = new Vector512<ushort>[patterns];
            Words = new int[patterns];
            Threshold = threshold;
            Span<ushort> perm = stackalloc ushort[32], sel = stackalloc ushort[32];
            for (int m = 0; m < patterns; m++)
            {
                perm.Clear(); sel.Clear();
                int lane = 0, word = 0;
                for (int b = 0; b < blocks.Length; b++)
                {
                    bool renewed = (m >> b & 1) != 0;
                    for (int j = 0; j < blocks[b]; j++, lane++)
                        if (renewed) { perm[lane] = (ushort)(4 * word + j); sel[lane] = ushort.MaxValue; }
                    if (renewed) word += (blocks[b] + 3) / 4;
                }
                Permutation[m] = Vector512.Create<ushort>(perm);
                Select[m] = Vector512.Create<ushort>(sel);
                Words[m] = word;
            }
        }

        /// <summary>Tables for these blocks, or null when the vector kernel does not apply (no AVX-512, more than
        /// four blocks, more than 32 latents or eight words).</summary>
        public static RenewalTables? TryCreate(int[] blocks, int stride, uint threshold)
        {
            if (!(Avx512BW.IsSupported && Avx512DQ.IsSupported && Vector512.IsHardwareAccelerated)) return null;
            if (stride > 32 || blocks.Length > MaxBlocks || blocks.Sum(b => (b + 3) / 4) > MaxWords) return null;
            return new RenewalTables(blocks, stride, threshold);
        }
    }

    private const ulong WyIncrement = 0xA0761D6478BD642FUL, WyMix = 0xE7037ED1A0B428DBUL;

    /// <summary>Values 2..9 of the wyrand stream started at <paramref name="key"/> (those after the decision word).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> WyWords(ulong key, Vector512<ulong> offsets)
    {
        var s = Vector512.Create(key) + offsets;
        var t = s ^ Vector512.Create(WyMix);
        var lo = Avx512DQ.MultiplyLow(s, t);
        var sh = Vector512.ShiftRightLogical(s, 32);
        var th = Vector512.ShiftRightLogical(t, 32);
        var ll = Avx512F.Multiply(s.AsUInt32(), t.AsUInt32());
        var lh = Avx512F.Multiply(s.AsUInt32(), th.AsUInt32());
        var hl = Avx512F.Multiply(sh.AsUInt32(), t.AsUInt32());
        var hh = Avx512F.Multiply(sh.AsUInt32(), th.AsUInt32());
        var m32 = Vector512.Create(0xFFFF_FFFFUL);
        var mid = Vector512.ShiftRightLogical(ll, 32) + (lh & m32) + (hl & m32);
        var hi = hh + Vector512.ShiftRightLogical(lh, 32) + Vector512.ShiftRightLogical(hl, 32) + Vector512.ShiftRightLogical(mid, 32);
        return hi ^ lo;
    }

    /// <summary>AVX-512 renewal (<see cref="RenewalTables"/>) and counting of up to 32 latents.</summary>
    private struct VectorLatents(RenewalTables tables) : ILatentKernel
    {
        private static readonly Vector512<ulong> Offsets = unchecked(Vector512.Create(
            2 * WyIncrement, 3 * WyIncrement, 4 * WyIncrement, 5 * WyIncrement, 6 * WyIncrement, 7 * WyIncrement, 8 * WyIncrement, 9 * WyIncrement));
        private readonly RenewalTables _tables = tables;
        private readonly Vector128<uint> _threshold = Vector128.Create(tables.Threshold);
        private readonly uint _patternMask = (uint)tables.Words.Length - 1;
        private readonly bool _wide = tables.Stride == 32;
        private Vector512<ushort> _row, _acc;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public RngStream Begin(ref ushort row, ulong key, bool renew)
        {
            // 32 lanes: those past the person's latents (the next person's, or padding) are never stored or counted
            _row = Vector512.LoadUnsafe(ref row);
            if (!renew) return new RngStream(key);
            ulong decision = new RngStream(key).Next();
            // the four 16-bit renewal draws against the threshold, as LatentProcess.RenewBlocks compares them
            var draws = Vector128.WidenLower(Vector128.CreateScalarUnsafe(decision).AsUInt16());
            int m = (int)(Vector128.LessThan(draws, _threshold).ExtractMostSignificantBits() & _patternMask);
            var fresh = Avx512BW.PermuteVar32x16(WyWords(key, Offsets).AsUInt16(), _tables.Permutation[m]);
            var select = _tables.Select[m];
            _row = Vector512.ConditionalSelect(select, fresh, _row);
            unsafe
            {
                fixed (ushort* dst = &row) Avx512BW.MaskStore(dst, select, _row);
            }
            // the stream continues after the decision word and the words the renewed blocks consumed
            return new RngStream(unchecked(key + (ulong)(1 + _tables.Words[m]) * WyIncrement));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Count(ref ushort row, ref ushort thresholds)
        {
            // a 16-wide row: the upper lanes compare against 0 and never count
            var thr = _wide ? Vector512.LoadUnsafe(ref thresholds) : Vector512.Create(Vector256.LoadUnsafe(ref thresholds), Vector256<ushort>.Zero);
            _acc -= Vector512.LessThan(_row, thr);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call would keep this struct in memory
        public void Flush(ChunkState st)
        {
            _acc.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(st.Lanes));
            _acc = Vector512<ushort>.Zero;
            st.AddLanes();
        }
    }
}
