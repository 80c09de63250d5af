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

    [GeneratedRegex(@"using\s+Ecosystem\.(?<module>[A-Za-z]+)(?<rest>(\.[A-Za-z]+)*)\s*;")]
    private static partial Regex OtherModuleUsing();

    [GeneratedRegex(@"DateTime(Offset)?\.(UtcNow|Now)\b")]
    private static partial Regex ClockRead();
}
