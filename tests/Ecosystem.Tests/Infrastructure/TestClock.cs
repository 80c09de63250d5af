namespace Ecosystem.Tests.Infrastructure;

/// <summary>
/// For tests of the whole product (ADR 0023): a clock the test moves by hand (also linked into the browser tests, where the product reads it from request threads
/// while the test moves it, hence the lock). Timers still run in real time: <c>Task.Delay(d, clock)</c> waits d of real
/// time and then reads the moved clock, so a background job notices a jump at its next real-time tick. Unit tests
/// without a host use <c>FakeTimeProvider</c> instead, whose timers fire only when it is advanced: in the product
/// that would stop every background loop (relays, sweepers, billing) until the test moved the clock.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate) return now;
    }

    public void Advance(TimeSpan by)
    {
        lock (gate) now += by;
    }
}
