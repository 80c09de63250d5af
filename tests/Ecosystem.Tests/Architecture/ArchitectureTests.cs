using System.Text.RegularExpressions;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Architecture;

public sealed partial class ArchitectureTests() : AppTest(Db.Sqlite)
{
    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ecosystem.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
        }
    }

    [Fact]
    public void Every_endpoint_declares_an_authorization_policy_or_explicit_anonymous_access()
    {
        var sources = App.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var endpoints = sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var undeclared = endpoints
            .Where(e => !e.Metadata.OfType<IAllowAnonymous>().Any() && !e.Metadata.OfType<IAuthorizeData>().Any())
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.True(undeclared.Count == 0, "Endpoints without a policy: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void Modules_use_each_other_only_through_Contracts()
    {
        var modules = Directory.GetDirectories(Path.Combine(RepoRoot, "src", "Modules")).Select(Path.GetFileName).ToList();
        var violations = new List<string>();
        foreach (var module in modules)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot, "src", "Modules", module!), "*.cs*", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
            {
                foreach (Match m in OtherModuleUsing().Matches(File.ReadAllText(file)))
                {
                    var target = m.Groups["module"].Value;
                    if (target != module && modules.Contains(target) && m.Groups["rest"].Value != ".Contracts")
                    {
                        violations.Add($"{Path.GetRelativePath(RepoRoot, file)}: {m.Value.Trim()}");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void Module_code_reads_time_only_from_TimeProvider()
    {
        var offenders = Directory.GetFiles(Path.Combine(RepoRoot, "src"), "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Where(f => ClockRead().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(RepoRoot, f))
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    /// <summary>
    /// Lean SQL and the engine's hot-path members are for measured hot paths only (docs/new-module.md, ADR 0019). Each
    /// file allowed here says why; anywhere else in module or host code they fail this test.
    /// </summary>
    private static readonly Dictionary<string, string> LeanSqlAllowed = new(StringComparer.Ordinal)
    {
        ["src/Modules/Cards/Purchases/PurchaseService.cs"] = "card authorization: the card-purchase benchmark",
        ["src/Modules/Analytics/Ingestion/AnalyticsSql.cs"] = "event ingestion: the events-batch benchmark",
        ["src/Modules/Analytics/Ingestion/SqliteIngestionStore.cs"] = "event ingestion: the events-batch benchmark",
        ["src/Modules/Analytics/Ingestion/PostgresIngestionBatch.cs"] = "event ingestion: the events-batch benchmark",
        ["src/Modules/Analytics/Ingestion/IIngestionBatch.cs"] = "event ingestion: the batch both stores write",
        ["src/Modules/Analytics/Ingestion/IngestionWriter.cs"] = "event ingestion: the events-batch benchmark (holds the writer, waits for the log flush)",
        ["src/Modules/Analytics/Ingestion/EventInbox.cs"] = "event ingestion: moves the inbox into the event table holding the writer",
        ["src/Modules/Analytics/Customers/Customer360Rebuild.cs"] = "rebuilds Customer 360 from the event log holding the writer",
        ["src/Modules/Analytics/Reports/AnalyticsReports.cs"] = "read-only report aggregations EF cannot express (funnels, retention cohorts)",
        ["src/Modules/Campaigns/Targets/TargetImporter.cs"] = "campaign target import: the campaign-plan benchmark (1,000,000 rows in multi-row inserts)",
    };

    [Fact]
    public void Lean_sql_and_the_writer_hold_are_used_only_on_the_listed_hot_paths()
    {
        var offenders = new List<string>();
        foreach (var root in new[] { Path.Combine(RepoRoot, "src", "Modules"), Path.Combine(RepoRoot, "src", "Ecosystem.Host") })
        {
            foreach (var file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
            {
                var relative = Path.GetRelativePath(RepoRoot, file).Replace('\\', '/');
                if (LeanSql().Match(File.ReadAllText(file)) is { Success: true } m && !LeanSqlAllowed.ContainsKey(relative))
                {
                    offenders.Add($"{relative}: {m.Value}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "Lean SQL outside the listed hot paths (use EF and Transactions.RunAsync):\n" + string.Join("\n", offenders));
        foreach (var allowed in LeanSqlAllowed.Keys) Assert.True(File.Exists(Path.Combine(RepoRoot, allowed)), $"{allowed} is listed but does not exist: update the list.");
    }

    [Fact]
    public void The_engine_is_internal_to_Platform()
    {
        var platform = typeof(Ecosystem.Platform.Data.Transactions).Assembly;
        var engine = platform.GetTypes().Where(t => t.Namespace == "Ecosystem.Platform.Data" && t.Name is "WriteGate" or "WalFlusher" or "UnitOfWork" or "SqliteStatement" or "SqliteStatementCache" or "UnitBrokenException");
        Assert.Equal(6, engine.Count());
        Assert.All(engine, t => Assert.False(t.IsPublic, t.Name + " is public"));
    }

    [GeneratedRegex(@"\b(UnitSql|SqliteStatement\w*|HoldWriterAsync|LogFlushedAsync|RunLeanAsync|Npgsql(Batch|Command|Connection|DataSource)|Sqlite(Command|Connection)|DbCommand|ExecuteSqlRaw\w*|ExecuteSqlInterpolated\w*|SqlQueryRaw|FromSqlRaw|FromSqlInterpolated)\b")]
    private static partial Regex LeanSql();

    [GeneratedRegex(@"using\s+Ecosystem\.(?<module>[A-Za-z]+)(?<rest>(\.[A-Za-z]+)*)\s*;")]
    private static partial Regex OtherModuleUsing();

    [GeneratedRegex(@"DateTime(Offset)?\.(UtcNow|Now)\b")]
    private static partial Regex ClockRead();
}
