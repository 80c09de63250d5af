using System.Globalization;

namespace Ecosystem.Platform;

/// <summary>A one-line text progress bar for long CLI work: <c>[#########-----------]  45%  450,000/1,000,000  12s</c>.</summary>
public static class ProgressBar
{
    public static string Render(long done, long total, TimeSpan elapsed, int width = 30)
    {
        var fraction = total <= 0 ? 1.0 : Math.Clamp((double)done / total, 0, 1);
        var filled = (int)Math.Round(fraction * width);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', width - filled)}] {fraction * 100,3:0}%  {done:N0}/{total:N0}  {elapsed.TotalSeconds:0}s");
    }
}
