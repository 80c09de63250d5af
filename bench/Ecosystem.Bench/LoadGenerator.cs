using System.Diagnostics;
using System.Net;

namespace Ecosystem.Bench;

/// <summary>What one request achieved: units (events) when it succeeded, an error message otherwise.</summary>
internal readonly record struct Outcome(long Units, string? Error)
{
    public static Outcome Ok(long units) => new(units, null);
    public static Outcome Fail(string error) => new(0, error);
}

internal sealed class LoadResult
{
    public double Seconds { get; init; }
    public long Requests { get; init; }
    public long Units { get; init; }
    public long Errors { get; init; }
    public double[] LatenciesMs { get; init; } = [];
    public IReadOnlyDictionary<string, int> ErrorSamples { get; init; } = new Dictionary<string, int>();

    public double Throughput => Units / Seconds;
    public double RequestsPerSecond => Requests / Seconds;
    public double Percentile(double p) => Stats.Percentile(LatenciesMs, p);
}

internal static class Stats
{
    /// <summary>Nearest-rank percentile of an ascending-sorted array; NaN when empty.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Load loops. Both are bounded: a warm-up, then a measured window; only requests that complete inside the window
/// count. <see cref="ClosedLoopAsync"/>: N connections, each sending its next request when the previous one answered.
/// <see cref="OpenLoopAsync"/>: requests issued on a fixed schedule whatever the answers, latency measured from the
/// scheduled time (so queueing is not hidden).
/// </summary>
internal static class LoadGenerator
{
    public static HttpClient NewClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static async Task<LoadResult> ClosedLoopAsync(
        int connections, TimeSpan warmup, TimeSpan measure, Func<int, Task<Outcome>> send, Action onWindowStart, Action onWindowEnd)
    {
        var begin = Stopwatch.GetTimestamp();
        var windowStart = begin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(measure.TotalSeconds * Stopwatch.Frequency);
        var recorders = Enumerable.Range(0, connections).Select(_ => new Recorder()).ToArray();
        var monitor = MonitorAsync(windowStart, windowEnd, onWindowStart, onWindowEnd);
        var workers = Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            var r = recorders[i];
            while (Stopwatch.GetTimestamp() < windowEnd)
            {
                var t0 = Stopwatch.GetTimestamp();
                var outcome = await Guard(send, i).ConfigureAwait(false);
                var t1 = Stopwatch.GetTimestamp();
                if (t1 >= windowStart && t1 <= windowEnd) r.Record(outcome, Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        await monitor.ConfigureAwait(false);
        return Recorder.Merge(recorders, measure.TotalSeconds);
    }

    /// <summary>
    /// Issues a request every <paramref name="interval"/>; at most <paramref name="maxInFlight"/> are outstanding, a
    /// request due while that many are waiting is not sent and counts as an error ("overloaded"). <paramref name="send"/>
    /// gets the request's index and its scheduled time (a <see cref="Stopwatch"/> timestamp).
    /// </summary>
    public static async Task<LoadResult> OpenLoopAsync(
        TimeSpan interval, int maxInFlight, TimeSpan warmup, TimeSpan measure, Func<long, long, Task<Outcome>> send, Action onWindowStart, Action onWindowEnd)
    {
        var begin = Stopwatch.GetTimestamp();
        var windowStart = begin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(measure.TotalSeconds * Stopwatch.Frequency);
        var step = interval.TotalSeconds * Stopwatch.Frequency;
        var recorder = new Recorder();
        var inFlight = 0;
        var pending = new List<Task>();
        var monitor = MonitorAsync(windowStart, windowEnd, onWindowStart, onWindowEnd);
        for (long i = 0; ; i++)
        {
            var due = begin + (long)(i * step);
            if (due >= windowEnd) break;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero) await Task.Delay(wait).ConfigureAwait(false);
            if (Volatile.Read(ref inFlight) >= maxInFlight)
            {
                if (due >= windowStart) lock (recorder) recorder.Record(Outcome.Fail("overloaded: too many requests outstanding"), double.NaN);
                continue;
            }

            Interlocked.Increment(ref inFlight);
            var index = i;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    var outcome = await Guard(_ => send(index, due), 0).ConfigureAwait(false);
                    var t1 = Stopwatch.GetTimestamp();
                    if (t1 >= windowStart && t1 <= windowEnd) lock (recorder) recorder.Record(outcome, Stopwatch.GetElapsedTime(due, t1).TotalMilliseconds);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        await monitor.ConfigureAwait(false);
        return Recorder.Merge([recorder], measure.TotalSeconds);
    }

    private static async Task<Outcome> Guard(Func<int, Task<Outcome>> send, int i)
    {
        try
        {
            return await send(i).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return Outcome.Fail("HttpRequestException: " + ex.Message);
        }
        catch (TaskCanceledException)
        {
            return Outcome.Fail("timeout");
        }
    }

    private static async Task MonitorAsync(long windowStart, long windowEnd, Action onStart, Action onEnd)
    {
        await DelayUntil(windowStart).ConfigureAwait(false);
        onStart();
        await DelayUntil(windowEnd).ConfigureAwait(false);
        onEnd();
    }

    private static Task DelayUntil(long timestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }

    private sealed class Recorder
    {
        private readonly List<double> latencies = new(4096);
        private readonly Dictionary<string, int> errorSamples = new(StringComparer.Ordinal);
        private long requests, units, errors;

        public void Record(Outcome outcome, double latencyMs)
        {
            requests++;
            if (!double.IsNaN(latencyMs)) latencies.Add(latencyMs);
            if (outcome.Error is null)
            {
                units += outcome.Units;
                return;
            }

            errors++;
            var key = outcome.Error.Length > 200 ? outcome.Error[..200] : outcome.Error;
            if (errorSamples.Count < 10 || errorSamples.ContainsKey(key)) errorSamples[key] = errorSamples.GetValueOrDefault(key) + 1;
        }

        public static LoadResult Merge(IReadOnlyList<Recorder> recorders, double seconds)
        {
            var all = recorders.SelectMany(r => r.latencies).ToArray();
            Array.Sort(all);
            var samples = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (k, v) in recorders.SelectMany(r => r.errorSamples)) samples[k] = samples.GetValueOrDefault(k) + v;
            return new LoadResult
            {
                Seconds = seconds,
                Requests = recorders.Sum(r => r.requests),
                Units = recorders.Sum(r => r.units),
                Errors = recorders.Sum(r => r.errors),
                LatenciesMs = all,
                ErrorSamples = samples,
            };
        }
    }
}
