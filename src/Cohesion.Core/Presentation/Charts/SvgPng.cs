using Cohesion.Statistics;
using SkiaSharp;
using Svg.Skia;

namespace Cohesion.Presentation.Charts;

/// <summary>Renders any chart's SVG to PNG (figure files) with Svg.Skia (SkiaSharp; text through the system's fontconfig fonts).</summary>
public static class SvgPng
{
    /// <summary>PNG bytes of <paramref name="svg"/> at <paramref name="scale"/> × its pixel size, on white.</summary>
    public static byte[] Render(string svg, float scale = 2f)
    {
        try
        {
            using var doc = new SKSvg();
            using (var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(svg))) doc.Load(ms);
            using var output = new MemoryStream();
            if (!doc.Save(output, SKColors.White, SKEncodedImageFormat.Png, 100, scale, scale))
                throw new CohesionException("could not render the plot to PNG");
            return output.ToArray();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            throw new CohesionException("PNG rendering needs SkiaSharp's native library and fontconfig, which are not available here; write .svg instead", inner: e);
        }
    }
}
