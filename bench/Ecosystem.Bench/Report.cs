using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ecosystem.Bench;

/// <summary>The console table, bench/results/&lt;timestamp&gt;.json, latest.json and latest.md.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Table(BenchRun run)
    {
        var sb = new StringBuilder();
        string[] head = ["scenario", "db", "conns", "throughput", "unit", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "cpu %", "cpu µs/unit", "harness %", "other %", "runq wait %", "peak MB", "ceiling", "ceiling thr.", "ratio"];
        var rows = run.Scenarios.Select(s => new[]
        {
            s.Name, s.Db, I(s.Connections), N(s.Throughput), s.Unit, N(s.RequestsPerSecond), F(s.P50Ms), F(s.P95Ms), F(s.P99Ms), I(s.Errors),
            F0(s.CpuPercent), F1(s.CpuMicrosPerUnit), F0(s.HarnessCpuPercent), F0(s.OtherCpuPercent), F0(s.RunQueueWaitPercent), F0(s.PeakMemoryMb), s.Ceiling?.Name ?? "", s.Ceiling is null ? "" : N(s.Ceiling.Throughput),
            s.Ratio is null ? "" : s.Ratio.Value.ToString("0.00", CultureInfo.InvariantCulture),
        }).ToList();
        var widths = head.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        sb.AppendLine(string.Join("  ", head.Select((h, i) => h.PadRight(widths[i]))));
        sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in rows) sb.AppendLine(string.Join("  ", r.Select((c, i) => i is 0 or 1 or 4 or 16 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
        sb.AppendLine();
        foreach (var s in run.Scenarios.Where(s => s.JitCpuPercent > JitWarnPercent))
        {
            sb.AppendLine($"warning: {s.Name} ({s.Db}, {s.Connections} conns): the JIT's tiering thread took {F0(s.JitCpuPercent)} % of the product's CPU in the window, so the hot paths were still being optimized; raise --warmup for steady-state figures.");
        }

        foreach (var s in run.Scenarios.Where(s => s.Ceilings is { Count: > 0 }))
        {
            sb.AppendLine($"{s.Name} ({s.Db}, {s.Connections} conns) {N(s.Throughput)} {s.Unit}:");
            foreach (var c in s.Ceilings!)
            {
                sb.AppendLine($"    {c.Name,-40} {N(c.Throughput),12} {c.Unit,-9} ratio {(c.Ratio is null ? "n/a" : c.Ratio.Value.ToString("0.00", CultureInfo.InvariantCulture))}{(c.Note is null ? "" : "  (" + c.Note + ")")}");
            }

            if (s.Lag is { } lag)
            {
                sb.AppendLine($"    360 lag (200 → visible): p50 {F(lag.P50Ms)} ms, p95 {F(lag.P95Ms)} ms, p99 {F(lag.P99Ms)} ms, max {F(lag.MaxMs)} ms over {lag.Samples} samples, {lag.TimedOut} timed out; target p99 ≤ {lag.TargetMs:0} ms: {(lag.P99Ms <= lag.TargetMs && lag.TimedOut == 0 ? "met" : "NOT met")}");
                sb.AppendLine($"    send → visible (ingestion latency + lag): p50 {F(lag.FreshnessP50Ms)} ms, p99 {F(lag.FreshnessP99Ms)} ms; within {lag.TargetMs:0} ms at p99: {(lag.FreshnessP99Ms <= lag.TargetMs ? "yes" : "no")}");
            }
        }

        foreach (var s in run.Scenarios.Where(s => s.ErrorSamples is not null))
        {
            sb.AppendLine($"{s.Name} ({s.Connections} conns) errors:");
            foreach (var (k, v) in s.ErrorSamples!) sb.AppendLine($"    {v} × {k}");
        }

        return sb.ToString();
    }

    public static string Markdown(BenchRun run)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Benchmark {run.StartedAt:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine($"Machine: {run.Machine.Cores} cores, {run.Machine.CpuModel}, {run.Machine.MemoryMb:N0} MB, {run.Machine.Runtime}. Arguments: `{run.Arguments}`.");
        sb.AppendLine();
        sb.AppendLine(run.Note);
        sb.AppendLine();
        sb.AppendLine("| scenario | db | conns | throughput | req/s | p50 ms | p95 ms | p99 ms | errors | cpu % | cpu µs/unit | harness % | other % | runq wait % | peak MB | ceiling | ceiling thr. | ratio |");
        sb.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|");
        foreach (var s in run.Scenarios)
        {
            sb.AppendLine($"| {s.Name} | {s.Db} | {s.Connections} | {N(s.Throughput)} {s.Unit} | {N(s.RequestsPerSecond)} | {F(s.P50Ms)} | {F(s.P95Ms)} | {F(s.P99Ms)} | {s.Errors} | {F0(s.CpuPercent)} | {F1(s.CpuMicrosPerUnit)} | {F0(s.HarnessCpuPercent)} | {F0(s.OtherCpuPercent)} | {F0(s.RunQueueWaitPercent)} | {F0(s.PeakMemoryMb)} | {s.Ceiling?.Name} | {(s.Ceiling is null ? "" : N(s.Ceiling.Throughput) + " " + s.Ceiling.Unit)} | {(s.Ratio is null ? "" : s.Ratio.Value.ToString("0.00", CultureInfo.InvariantCulture))} |");
        }

        sb.AppendLine();
        foreach (var s in run.Scenarios.Where(s => s.Ceilings is { Count: > 0 }))
        {
            sb.AppendLine($"- **{s.Name}** ({s.Db}, {s.Connections} conns), {N(s.Throughput)} {s.Unit}: " +
                string.Join("; ", s.Ceilings!.Select(c => $"{c.Name} {N(c.Throughput)} {c.Unit} → ratio {(c.Ratio is null ? "n/a" : c.Ratio.Value.ToString("0.00", CultureInfo.InvariantCulture))}")) +
                (s.Lag is { } lag ? $"; 360 lag (200 → visible) p50 {F(lag.P50Ms)} ms, p99 {F(lag.P99Ms)} ms; send → visible p50 {F(lag.FreshnessP50Ms)} ms, p99 {F(lag.FreshnessP99Ms)} ms ({lag.Samples} samples, {lag.TimedOut} timed out)" : ""));
        }

        return sb.ToString();
    }

    public static (string Timestamped, string Latest) Write(string repoRoot, BenchRun run)
    {
        var dir = Path.Combine(repoRoot, "bench", "results");
        Directory.CreateDirectory(dir);
        var json = JsonSerializer.Serialize(run, JsonOptions);
        var stamped = Path.Combine(dir, run.StartedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".json");
        File.WriteAllText(stamped, json);
        var latest = Path.Combine(dir, "latest.json");
        File.WriteAllText(latest, json);
        File.WriteAllText(Path.Combine(dir, "latest.md"), Markdown(run));
        return (stamped, latest);
    }

    private static string N(double v) => double.IsFinite(v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";
    private static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString(x < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) : "-";
    private static string F0(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0", CultureInfo.InvariantCulture) : "";

    /// <summary>Above this share of the product's CPU going to the JIT's tiering thread, a run is flagged as not yet steady.</summary>
    private const double JitWarnPercent = 3;
    private static string F1(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.0", CultureInfo.InvariantCulture) : "";
    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
