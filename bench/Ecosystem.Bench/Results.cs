using System.Text.Json.Serialization;

namespace Ecosystem.Bench;

public sealed record BenchRun(MachineInfo Machine, DateTimeOffset StartedAt, string Arguments, string Note, IReadOnlyList<ScenarioResult> Scenarios);

public sealed record CeilingRef(string Name, double Throughput, string Unit, double? Ratio = null, string? Note = null);

/// <summary>
/// Customer 360 lag: from the batch's 200 to the first GET of the person's 360 that shows the event (P50Ms…MaxMs), and
/// freshness: from the batch's scheduled send time to that GET (FreshnessP50Ms, FreshnessP99Ms), which adds the
/// ingestion latency, queueing included.
/// </summary>
public sealed record LagResult(int Samples, int TimedOut, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double FreshnessP50Ms, double FreshnessP99Ms, double TargetMs);

/// <summary>
/// One row of the report. <see cref="Ceiling"/> and <see cref="Ratio"/> are the scenario's main ceiling measured in
/// the same run (throughput ÷ ceiling); <see cref="Ceilings"/> lists every ceiling that applies, with its ratio.
/// Ceiling rows themselves have no ceiling. CPU percentages are of one core (200 % = both cores of a 2-core box).
/// </summary>
public sealed record ScenarioResult
{
    public required string Name { get; init; }
    public required string Db { get; init; }
    public required int Connections { get; init; }
    public required double Seconds { get; init; }
    public required double Throughput { get; init; }
    public required string Unit { get; init; }
    public long Requests { get; init; }
    public double RequestsPerSecond { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? P50Ms { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? P95Ms { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? P99Ms { get; init; }
    public long Errors { get; init; }
    public IReadOnlyDictionary<string, int>? ErrorSamples { get; init; }
    public double? PeakMemoryMb { get; init; }
    public double? CpuSeconds { get; init; }
    public double? CpuPercent { get; init; }

    /// <summary>CPU time the product (or ceiling) spent per unit (event, row): robust to a busy machine, unlike throughput.</summary>
    public double? CpuMicrosPerUnit { get; init; }
    public double? HarnessCpuPercent { get; init; }

    /// <summary>The product's threads were ready to run but waited for a core this much (% of wall, summed over threads).</summary>
    public double? RunQueueWaitPercent { get; init; }
    public double? OtherCpuPercent { get; init; }

    /// <summary>Share of the product's CPU in the window that went to the JIT's tiering thread (see <see cref="CpuWindow.JitCpuPercent"/>).</summary>
    public double? JitCpuPercent { get; init; }
    public CeilingRef? Ceiling { get; init; }
    public double? Ratio { get; init; }
    public IReadOnlyList<CeilingRef>? Ceilings { get; init; }
    public LagResult? Lag { get; init; }
    public string? Note { get; init; }

    internal static ScenarioResult From(string name, BenchOptions o, int connections, LoadResult r, string unit, CpuWindow? cpu, double? peakMb, string? note = null) => new()
    {
        Name = name,
        Db = o.Db,
        Connections = connections,
        Seconds = r.Seconds,
        Throughput = r.Throughput,
        Unit = unit,
        Requests = r.Requests,
        RequestsPerSecond = r.RequestsPerSecond,
        P50Ms = Finite(r.Percentile(50)),
        P95Ms = Finite(r.Percentile(95)),
        P99Ms = Finite(r.Percentile(99)),
        Errors = r.Errors,
        ErrorSamples = r.ErrorSamples.Count > 0 ? r.ErrorSamples : null,
        PeakMemoryMb = peakMb,
        CpuSeconds = cpu?.TargetCpuSeconds,
        CpuPercent = cpu?.TargetCpuPercent,
        CpuMicrosPerUnit = cpu is null || r.Units == 0 ? null : cpu.TargetCpuSeconds * 1e6 / r.Units,
        HarnessCpuPercent = cpu?.BenchCpuPercent,
        RunQueueWaitPercent = cpu?.RunQueueWaitPercent,
        OtherCpuPercent = cpu?.OtherCpuPercent,
        JitCpuPercent = cpu?.JitCpuPercent,
        Note = note,
    };

    internal static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
