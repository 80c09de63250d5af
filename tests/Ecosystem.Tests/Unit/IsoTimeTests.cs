using System.Globalization;
using Ecosystem.Analytics.Ingestion;

namespace Ecosystem.Tests.Unit;

/// <summary>The ingestion timestamp fast path agrees with DateTimeOffset.TryParse wherever it answers.</summary>
public sealed class IsoTimeTests
{
    [Theory]
    [InlineData("2026-11-22T10:15:30Z")]
    [InlineData("2026-11-22T10:15:30.123Z")]
    [InlineData("2026-11-22T10:15:30.1234567+00:00")]
    [InlineData("2026-11-22T10:15:30.5-05:30")]
    [InlineData("2024-02-29T23:59:59.9999999+14:00")]
    [InlineData("2026-01-01T00:00:00-12:00")]
    public void Accepts_the_shapes_sdks_send_with_the_same_instant(string text)
    {
        Assert.True(IsoTime.TryParse(text, out var fast));
        Assert.Equal(Reference(text), fast);
        Assert.Equal(TimeSpan.Zero, fast.Offset);
    }

    [Theory]
    [InlineData("2026-02-29T10:15:30Z")] // not a leap year
    [InlineData("2026-13-01T10:15:30Z")]
    [InlineData("2026-11-22T24:00:00Z")]
    [InlineData("2026-11-22T10:60:00Z")]
    [InlineData("2026-11-22 10:15:30Z")]  // other shapes go to the general parser
    [InlineData("2026-11-22T10:15:30")]
    [InlineData("2026-11-22T10:15:30.Z")]
    [InlineData("2026-11-22T10:15:30.12345678Z")]
    [InlineData("2026-11-22T10:15:30+15:00")]
    [InlineData("2026-11-22T10:15:30+0100")]
    [InlineData("２０２６-11-22T10:15:30Z")]
    public void Leaves_everything_else_to_the_general_parser(string text) => Assert.False(IsoTime.TryParse(text, out _));

    [Fact]
    public void Agrees_with_the_general_parser_on_random_timestamps()
    {
        var random = new Random(20261122);
        for (var n = 0; n < 20_000; n++)
        {
            var year = random.Next(1000, 9001);
            var text = $"{year:D4}-{random.Next(0, 14):D2}-{random.Next(0, 33):D2}T{random.Next(0, 25):D2}:{random.Next(0, 61):D2}:{random.Next(0, 61):D2}"
                + (random.Next(3) == 0 ? "" : "." + new string('7', random.Next(1, 9)))
                + (random.Next(2) == 0 ? "Z" : $"{(random.Next(2) == 0 ? '+' : '-')}{random.Next(0, 16):D2}:{random.Next(0, 60):D2}");
            var expected = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.ToUniversalTime() : (DateTimeOffset?)null;
            if (IsoTime.TryParse(text, out var fast)) Assert.True(expected == fast, $"{text}: fast {fast:O}, general {expected:O}");
        }
    }

    private static DateTimeOffset Reference(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
