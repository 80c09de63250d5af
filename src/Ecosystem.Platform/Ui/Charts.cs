using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Ecosystem.Platform.Ui;

/// <summary>One bar of a <see cref="Charts.BarChart"/>: its axis label, its value and an optional hover text.</summary>
public sealed record ChartPoint(string Label, double Value, string? Tooltip = null);

/// <summary>One step of a <see cref="Charts.Funnel"/>: a readable label, a caption under it (e.g. the event name) and how many reached it.</summary>
public sealed record FunnelStep(string Label, string? Caption, long Count);

/// <summary>
/// Server-rendered SVG charts in the design system's colours (see <c>.chart</c> in <c>app.css</c>). No script, so they
/// work under the CSP's <c>script-src 'self'</c>, render in browser tests and print. Every text is HTML-encoded.
/// Sizes are in SVG user units; the SVG scales to its container's width, so pass a width close to the width it is
/// shown at to keep the text at its nominal size. See docs/adr/0007-server-rendered-charts.md.
/// </summary>
public static class Charts
{
    private const string Font = "font-family=\"inherit\"";

    /// <summary>A vertical bar chart with a y axis (rounded ticks and grid lines) and x labels thinned out so they never overlap.</summary>
    public static IHtmlContent BarChart(IReadOnlyList<ChartPoint> points, string title, int width = 960, int height = 260, string emptyText = "No data in this period")
    {
        ArgumentNullException.ThrowIfNull(points);
        const double left = 52, right = 12, top = 16, bottom = 30;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var max = points.Count == 0 ? 0 : points.Max(p => p.Value);
        var (step, ticks) = Ticks(max);
        var ceiling = step * ticks;

        var svg = Open("chart chart-bars", width, height, title);
        for (var i = 0; i <= ticks; i++)
        {
            var y = top + plotH - (plotH * i / ticks);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{N(left)}\" x2=\"{N(width - right)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#e4e7ef\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{N(left - 8)}\" y=\"{N(y + 4)}\" text-anchor=\"end\" font-size=\"12\" fill=\"#8a91a8\">{Compact(step * i)}</text>");
        }

        if (points.Count > 0)
        {
            var band = plotW / points.Count;
            var barW = Math.Min(48, Math.Max(2, band * 0.72));
            var longest = points.Max(p => p.Label.Length);
            var every = Math.Max(1, (int)Math.Ceiling((longest * 7.0 + 12) / band));
            var showValues = points.Count <= 16;
            for (var i = 0; i < points.Count; i++)
            {
                var p = points[i];
                var cx = left + (band * i) + (band / 2);
                var h = ceiling <= 0 ? 0 : Math.Max(0, p.Value) / ceiling * plotH;
                svg.Append("<g class=\"bar-group\">");
                if (h > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{N(cx - (barW / 2))}\" y=\"{N(top + plotH - h)}\" width=\"{N(barW)}\" height=\"{N(h)}\" rx=\"{N(Math.Min(3, barW / 4))}\" fill=\"#6366f1\"/>");
                }

                // A transparent hit area the full band high, so the tooltip works on short and empty bars too.
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"hit\" x=\"{N(left + (band * i))}\" y=\"{N(top)}\" width=\"{N(band)}\" height=\"{N(plotH)}\" fill=\"transparent\"><title>{E(p.Tooltip ?? p.Label + ": " + Compact(p.Value))}</title></rect>");
                if (showValues && p.Value > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-value\" x=\"{N(cx)}\" y=\"{N(top + plotH - h - 5)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5370\">{Compact(p.Value)}</text>");
                }

                if ((points.Count - 1 - i) % every == 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{N(cx)}\" y=\"{N(height - 10)}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#8a91a8\">{E(p.Label)}</text>");
                }

                svg.Append("</g>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"baseline\" x1=\"{N(left)}\" x2=\"{N(width - right)}\" y1=\"{N(top + plotH)}\" y2=\"{N(top + plotH)}\" stroke=\"#cfd4e3\"/>");
        if (max <= 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"empty-note\" x=\"{N(left + (plotW / 2))}\" y=\"{N(top + (plotH / 2))}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#8a91a8\">{E(emptyText)}</text>");
        }

        return Close(svg);
    }

    /// <summary>
    /// A conversion funnel as horizontal bars: each step's bar is drawn against the first step's count, with the
    /// count and the share of the first step at the right and the conversion from the previous step between rows.
    /// </summary>
    public static IHtmlContent Funnel(IReadOnlyList<FunnelStep> steps, string title, int width = 960)
    {
        ArgumentNullException.ThrowIfNull(steps);
        const double labelW = 290, valueW = 150, rowH = 46, gap = 34, top = 6, bottom = 6;
        var barX = labelW;
        var barW = width - labelW - valueW;
        var height = (int)Math.Ceiling(top + bottom + (steps.Count * rowH) + (Math.Max(0, steps.Count - 1) * gap));
        var first = steps.Count == 0 ? 0 : steps[0].Count;

        var svg = Open("chart chart-funnel", width, height, title);
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var y = top + (i * (rowH + gap));
            var share = first <= 0 ? 0 : (double)s.Count / first;
            var w = barW * Math.Clamp(share, 0, 1);
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"funnel-step\" data-step=\"{i + 1}\" data-count=\"{s.Count}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{E($"{s.Label}: {s.Count:N0} ({Percent(share)} of the first step)")}</title>");
            var labelY = s.Caption is null ? y + (rowH / 2) + 5 : y + (rowH / 2) - 3;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"0\" y=\"{N(labelY)}\" font-size=\"14\" font-weight=\"600\" fill=\"#141a2e\">{E($"{i + 1}. {s.Label}")}</text>");
            if (s.Caption is not null)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"caption\" x=\"0\" y=\"{N(labelY + 17)}\" font-size=\"11.5\" fill=\"#8a91a8\">{E(s.Caption)}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"track\" x=\"{N(barX)}\" y=\"{N(y)}\" width=\"{N(barW)}\" height=\"{N(rowH)}\" rx=\"6\" fill=\"#eef0f6\"/>");
            if (w > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{N(barX)}\" y=\"{N(y)}\" width=\"{N(Math.Max(w, 4))}\" height=\"{N(rowH)}\" rx=\"6\" fill=\"#6366f1\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"count\" x=\"{N(width - 4)}\" y=\"{N(y + 20)}\" text-anchor=\"end\" font-size=\"18\" font-weight=\"700\" fill=\"#141a2e\">{s.Count.ToString("N0", CultureInfo.InvariantCulture)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{N(width - 4)}\" y=\"{N(y + 38)}\" text-anchor=\"end\" font-size=\"12\" fill=\"#8a91a8\">{E(i == 0 ? "started" : Percent(share) + " of step 1")}</text>");
            svg.Append("</g>");

            if (i + 1 < steps.Count)
            {
                var next = steps[i + 1].Count;
                var conversion = s.Count <= 0 ? 0 : (double)next / s.Count;
                var dropped = Math.Max(0, s.Count - next);
                var text = $"↓ {Percent(conversion)} continued · {dropped.ToString("N0", CultureInfo.InvariantCulture)} dropped off";
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"conversion\" data-conversion=\"{N(conversion * 100)}\" x=\"{N(barX + 10)}\" y=\"{N(y + rowH + (gap / 2) + 5)}\" font-size=\"12.5\" font-weight=\"600\" fill=\"#4a5370\">{E(text)}</text>");
            }
        }

        return Close(svg);
    }

    /// <summary>A ratio as a percentage with at most one decimal, e.g. <c>66.7%</c>.</summary>
    public static string Percent(double ratio) => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A count in a few characters: <c>950</c>, <c>12.5k</c>, <c>3.2M</c>.</summary>
    public static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1_000_000_000 => (value / 1_000_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "B",
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("#,0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>Rounded axis ticks: a step of 1, 2 or 5 × 10ⁿ (at least 1) and how many steps reach the maximum.</summary>
    internal static (double Step, int Count) Ticks(double max)
    {
        if (max <= 0) return (1, 4);
        var raw = max / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        var step = Math.Max(1, (normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10) * magnitude);
        return (step, Math.Max(1, (int)Math.Ceiling(max / step)));
    }

    private static StringBuilder Open(string cssClass, int width, int height, string title)
    {
        var svg = new StringBuilder(4096);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"{cssClass}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{E(title)}\" {Font}>");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>");
        return svg;
    }

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
