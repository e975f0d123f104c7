using System.Runtime.CompilerServices;
using Cohesion.Demography;

namespace Cohesion.Simulation;

/// <summary>
/// The people of a microsimulation as column arrays — a person is a slot index, never an object. Per person:
/// age in single years (1 byte; <see cref="Empty"/> marks a free slot), sex/education/origin packed in 1 byte
/// (<c>sex | education &lt;&lt; 1 | origin &lt;&lt; 3</c>), a 32-bit person id (the counter of the random number
/// streams) and one 16-bit latent per indicator (a uniform on {0, …, 65535}/65536; see <see cref="LatentProcess"/>).
/// State per person: <see cref="BytesPerAgent"/> = 6 + 2 × indicators bytes.
/// Slots freed by deaths and emigration are reused by newborns and immigrants, so the arrays never need compaction.
/// </summary>
public sealed class AgentPopulation
{
    public const byte Empty = 255;
    /// <summary>Latent rows are read 16 lanes at a time; this many spare elements follow the last row.</summary>
    internal const int LatentPadding = 64;

    public AgentPopulation(int indicatorCount, int capacity)
    {
        if (indicatorCount < 0) throw new ArgumentOutOfRangeException(nameof(indicatorCount));
        IndicatorCount = indicatorCount;
        Allocate(Math.Max(capacity, 1024));
    }

    public int IndicatorCount { get; }
    /// <summary>Slots in use (occupied or free); slots at or beyond this index were never used.</summary>
    public int SlotCount { get; internal set; }
    public int Capacity => Age.Length;
    public uint NextId { get; internal set; }

    public byte[] Age { get; private set; } = [];
    public byte[] Group { get; private set; } = [];
    public uint[] Id { get; private set; } = [];
    /// <summary>Latents, row-major: person p's indicator k at <c>p * IndicatorCount + k</c>.</summary>
    public ushort[] Latent { get; private set; } = [];

    /// <summary>Bytes of state per person (age, group, id, latents).</summary>
    public int BytesPerAgent => sizeof(byte) + sizeof(byte) + sizeof(uint) + sizeof(ushort) * IndicatorCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Pack(int sex, int education, int origin) => (byte)(sex | education << 1 | origin << 3);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SexOf(byte group) => group & 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int EducationOf(byte group) => (group >> 1) & 3;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int OriginOf(byte group) => group >> 3;

    /// <summary>The demography cell (<see cref="PopulationIndex.Index"/>) of a person.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CellOf(int age, byte group) => PopulationIndex.Index(group & 1, age, group >> 3, (group >> 1) & 3);

    /// <summary>Number of occupied slots.</summary>
    public int CountAlive()
    {
        int n = 0;
        var age = Age.AsSpan(0, SlotCount);
        foreach (var a in age) if (a != Empty) n++;
        return n;
    }

    internal void EnsureCapacity(int slots)
    {
        if (slots <= Capacity) return;
        int cap = Math.Max(slots, (int)Math.Min(int.MaxValue - 1024, (long)Capacity * 5 / 4));
        var age = Age; var group = Group; var id = Id; var latent = Latent;
        Allocate(cap);
        age.AsSpan(0, SlotCount).CopyTo(Age);
        group.AsSpan(0, SlotCount).CopyTo(Group);
        id.AsSpan(0, SlotCount).CopyTo(Id);
        latent.AsSpan(0, SlotCount * IndicatorCount).CopyTo(Latent);
    }

    private void Allocate(int capacity)
    {
        Age = GC.AllocateUninitializedArray<byte>(capacity);
        Group = GC.AllocateUninitializedArray<byte>(capacity);
        Id = GC.AllocateUninitializedArray<uint>(capacity);
        Latent = new ushort[(long)capacity * IndicatorCount + LatentPadding is var len && len < int.MaxValue ? (int)len
            : throw new InvalidOperationException("population too large for the latent array")];
    }
}
