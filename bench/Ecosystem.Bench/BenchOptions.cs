using System.Globalization;

namespace Ecosystem.Bench;

/// <summary>Command-line options. Every duration is bounded; nothing runs until told to stop.</summary>
internal sealed class BenchOptions
{
    public static readonly string[] AllScenarios = ["card-purchase", "card-purchase-hot", "events-batch", "events-single", "customer360-lag", "shop-checkout", "shop-catalog", "ledger-transfer", "ledger-batch", "ledger-hot", "startup"];

    /// <summary>Run only when named: attribution experiments, not product figures.</summary>
    public static readonly string[] ExtraScenarios = ["sqlite-variants"];

    public List<string> Scenarios { get; } = [];
    public bool Quick { get; private set; }
    public string Db { get; private set; } = "sqlite";
    public List<int> Connections { get; } = [];
    public double Seconds { get; private set; } = 20;
    public double WarmupSeconds { get; private set; } = 10;
    public int BatchSize { get; private set; } = 500;
    public int LagRate { get; private set; } = 10_000;
    public int Users { get; private set; } = 1_000;
    public long Rows { get; private set; } = 300_000;
    public Dictionary<string, string> ProductEnvironment { get; } = new(StringComparer.Ordinal);
    public bool ShowHelp { get; private set; }

    public static string Usage => """
        Usage: dotnet run -c Release --project bench/Ecosystem.Bench -- [scenario...] [options]

        Scenarios (default: all): card-purchase, card-purchase-hot, events-batch, events-single, customer360-lag, shop-checkout, shop-catalog, startup
        Named only: sqlite-variants (raw SQLite insert with one change at a time: indexes, fsync, cache, ids, Customer 360)

        Options:
          --quick                 2 s per scenario, 4 connections, small lag rate: a harness check, not a measurement
          --db sqlite|postgres    the product's database (default sqlite); postgres uses ECOSYSTEM_BENCH_POSTGRES or
                                  Host=127.0.0.1;Username=postgres;Password=postgres and creates/drops a database
          --connections N[,M...]  closed-loop connections; several values run the scenarios once per value (default 16)
          --seconds S             measured seconds per scenario (default 20), after a warm-up
          --warmup S              warm-up seconds, not measured (default 10: tiered JIT of a starved process takes long)
          --batch N               events per batch (default 500)
          --rate R                customer360-lag: offered events/s, open loop (default 10000)
          --users N               synthetic userEcosystemIds usr_bench_0001.. (default 1000)
          --rows N                sqlite-variants: rows per variant (default 300000; --quick 20000)
          --product-env K=V       extra environment for the product process (repeatable), e.g. DOTNET_PerfMapEnabled=1
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        double? seconds = null, warmup = null;
        int? rate = null;
        long? rows = null;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value.");
            switch (a)
            {
                case "--quick": o.Quick = true; break;
                case "--db":
                    o.Db = Next();
                    if (o.Db is not ("sqlite" or "postgres")) throw new ArgumentException("--db must be sqlite or postgres.");
                    break;
                case "--connections":
                    foreach (var part in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var n = int.Parse(part, CultureInfo.InvariantCulture);
                        if (n is < 1 or > 1024) throw new ArgumentException("--connections must be 1-1024.");
                        o.Connections.Add(n);
                    }

                    break;
                case "--seconds": seconds = Positive(Next(), a); break;
                case "--warmup": warmup = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--batch":
                    o.BatchSize = int.Parse(Next(), CultureInfo.InvariantCulture);
                    if (o.BatchSize is < 1 or > 2_500) throw new ArgumentException("--batch must be 1-2500 (the product's limit).");
                    break;
                case "--rate": rate = (int)Positive(Next(), a); break;
                case "--users": o.Users = (int)Positive(Next(), a); break;
                case "--rows": rows = (long)Positive(Next(), a); break;
                case "--product-env":
                    var kv = Next().Split('=', 2);
                    if (kv.Length != 2) throw new ArgumentException("--product-env takes KEY=VALUE.");
                    o.ProductEnvironment[kv[0]] = kv[1];
                    break;
                case "-h" or "--help": o.ShowHelp = true; break;
                default:
                    if (a.StartsWith('-')) throw new ArgumentException($"Unknown option {a}.");
                    if (!AllScenarios.Contains(a, StringComparer.Ordinal) && !ExtraScenarios.Contains(a, StringComparer.Ordinal))
                    {
                        throw new ArgumentException($"Unknown scenario {a}; known: {string.Join(", ", AllScenarios.Concat(ExtraScenarios))}.");
                    }

                    o.Scenarios.Add(a);
                    break;
            }
        }

        if (o.Scenarios.Count == 0) o.Scenarios.AddRange(AllScenarios);
        if (o.Quick)
        {
            o.Seconds = seconds ?? 2;
            o.WarmupSeconds = warmup ?? 1;
            o.LagRate = rate ?? 2_000;
            o.Rows = rows ?? 20_000;
            if (o.Connections.Count == 0) o.Connections.Add(4);
        }
        else
        {
            o.Seconds = seconds ?? 20;
            o.WarmupSeconds = warmup ?? 10;
            o.LagRate = rate ?? 10_000;
            o.Rows = rows ?? 300_000;
            if (o.Connections.Count == 0) o.Connections.Add(16);
        }

        return o;
    }

    private static double Positive(string text, string option)
    {
        var v = double.Parse(text, CultureInfo.InvariantCulture);
        return v > 0 ? v : throw new ArgumentException($"{option} must be positive.");
    }
}
