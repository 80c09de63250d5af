using Ecosystem.Platform.Ui;

namespace Ecosystem.Tests.Unit;

public sealed class ChartsTests
{
    private static string Html(Microsoft.AspNetCore.Html.IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }

    [Fact]
    public void Every_text_in_a_bar_chart_is_html_encoded()
    {
        var html = Html(Charts.BarChart([new ChartPoint("<b>x</b>", 3, "\"quoted\" & <script>")], "A <title>"));
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;quoted&quot; &amp; &lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"A &lt;title&gt;\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bar_chart_draws_one_bar_per_non_zero_point_and_says_so_when_everything_is_zero()
    {
        var html = Html(Charts.BarChart([new ChartPoint("a", 1), new ChartPoint("b", 0), new ChartPoint("c", 4)], "t"));
        Assert.Equal(2, html.Split("class=\"bar\"").Length - 1);
        var empty = Html(Charts.BarChart([new ChartPoint("a", 0)], "t", emptyText: "Nothing here"));
        Assert.Contains("Nothing here", empty, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"bar\"", empty, StringComparison.Ordinal);
    }

    [Fact]
    public void A_funnel_shows_each_count_and_the_conversion_from_the_previous_step()
    {
        var html = Html(Charts.Funnel([new FunnelStep("Viewed", "offer.viewed", 8), new FunnelStep("Signed", null, 6), new FunnelStep("Bought & paid", null, 3)], "Funnel"));
        Assert.Contains("data-step=\"1\" data-count=\"8\"", html, StringComparison.Ordinal);
        Assert.Contains("data-step=\"3\" data-count=\"3\"", html, StringComparison.Ordinal);
        Assert.Contains("75% continued", html, StringComparison.Ordinal);
        Assert.Contains("2 dropped off", html, StringComparison.Ordinal);
        Assert.Contains("50% continued", html, StringComparison.Ordinal);
        Assert.Contains("3 dropped off", html, StringComparison.Ordinal);
        Assert.Contains("37.5% of step 1", html, StringComparison.Ordinal);
        Assert.Contains("3. Bought &amp; paid", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, 4)]
    [InlineData(1, 1, 1)]
    [InlineData(3, 1, 3)]
    [InlineData(7, 2, 4)]
    [InlineData(15, 5, 3)]
    [InlineData(1234, 500, 3)]
    public void Axis_ticks_are_round_and_cover_the_maximum(double max, double step, int count)
    {
        Assert.Equal((step, count), Charts.Ticks(max));
    }
}
