using System.Globalization;
using Ecosystem.Bench;

if (args.Length == 2 && args[0] == HttpCeilingServer.Flag)
{
    return await HttpCeilingServer.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture)).ConfigureAwait(false);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

var repoRoot = RepoRoot();
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var startedAt = DateTimeOffset.UtcNow;
var machine = ProcStats.Machine();
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
Console.WriteLine($"Ecosystem bench: {string.Join(' ', options.Scenarios)} on {options.Db}, connections {string.Join(',', options.Connections)}, {options.Seconds} s each after {options.WarmupSeconds} s warm-up{(options.Quick ? " (--quick: a harness check, not a measurement)" : "")}");
Console.WriteLine($"Machine: {machine.Cores} cores, {machine.CpuModel}, {machine.MemoryMb:N0} MB, {machine.Runtime}; load average {load}");
await ProductServer.EnsureBuiltAsync(repoRoot).ConfigureAwait(false);

var results = new List<ScenarioResult>();
try
{
    await using var ceiling = await HttpCeilingServer.StartAsync(cts.Token).ConfigureAwait(false);
    var scenarios = new Scenarios(options, repoRoot, ceiling, cts.Token);
    foreach (var connections in options.Connections)
    {
        if (options.Db == "postgres")
        {
            Console.WriteLine($"  ceiling: pgbench -N with {connections} clients");
            var (tps, note) = await Postgres.PgbenchAsync(connections, options.Seconds, cts.Token).ConfigureAwait(false);
            Console.WriteLine(tps is null ? "  " + note : $"  ceiling: pgbench {tps:N0} tps ({note})");
            scenarios.Pgbench = tps is null ? null : new CeilingRef("pgbench -N (simple update)", tps.Value, "tps", null, note);
            results.Add(new ScenarioResult
            {
                Name = "ceiling: pgbench -N", Db = "postgres", Connections = connections, Seconds = options.Seconds, Throughput = tps ?? double.NaN, Unit = "tps", Note = note,
            });
        }

        foreach (var name in options.Scenarios)
        {
            cts.Token.ThrowIfCancellationRequested();
            Console.WriteLine($"{name}, {connections} connections:");
            results.AddRange(name switch
            {
                "card-purchase" => await scenarios.CardPurchaseAsync(connections, hot: false).ConfigureAwait(false),
                "card-purchase-hot" => await scenarios.CardPurchaseAsync(connections, hot: true).ConfigureAwait(false),
                "startup" => await scenarios.StartupAsync().ConfigureAwait(false),
                "events-batch" => await scenarios.EventsBatchAsync(connections).ConfigureAwait(false),
                "events-single" => await scenarios.EventsSingleAsync(connections).ConfigureAwait(false),
                "customer360-lag" => await scenarios.Customer360LagAsync(connections).ConfigureAwait(false),
                "sqlite-variants" => scenarios.SqliteVariants(connections),
                "shop-checkout" => await scenarios.ShopCheckoutAsync(connections).ConfigureAwait(false),
                "shop-catalog" => await scenarios.ShopCatalogAsync(connections).ConfigureAwait(false),
                "ledger-transfer" => await scenarios.LedgerAsync(connections, "transfer").ConfigureAwait(false),
                "ledger-batch" => await scenarios.LedgerAsync(connections, "batch").ConfigureAwait(false),
                "ledger-hot" => await scenarios.LedgerAsync(connections, "hot").ConfigureAwait(false),
                _ => throw new InvalidOperationException(name),
            });
        }
    }
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; reporting what was measured.");
}
finally
{
    ChildProcesses.KillAll();
}

var run = new BenchRun(machine, startedAt, string.Join(' ', args),
    "Figures are noisy: other builds and tests share this machine, and the load generator runs on the same cores. Compare each figure with its ceiling measured in the same run (ratio), not with figures from other runs." +
    (options.Quick ? " This was a --quick harness check: the figures mean nothing." : ""),
    results);
Console.WriteLine();
Console.WriteLine(Report.Table(run));
var (stamped, latest) = Report.Write(repoRoot, run);
Console.WriteLine($"Wrote {Path.GetRelativePath(repoRoot, stamped)}, {Path.GetRelativePath(repoRoot, latest)} and bench/results/latest.md");
var broken = results.Where(r => !r.Name.StartsWith("ceiling: pgbench", StringComparison.Ordinal) && !(r.Throughput > 0)).Select(r => r.Name).ToList();
if (broken.Count > 0 || cts.IsCancellationRequested)
{
    Console.Error.WriteLine(broken.Count > 0 ? "No throughput at all in: " + string.Join(", ", broken) : "Cancelled.");
    return 1;
}

return 0;

static string RepoRoot()
{
    foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ecosystem.slnx"))) return dir.FullName;
        }
    }

    throw new InvalidOperationException("Ecosystem.slnx not found above " + AppContext.BaseDirectory);
}
