namespace Ecosystem.Platform;

/// <summary>A command-line verb of the <c>ecosystem</c> executable, e.g. <c>ecosystem users add --admin</c>.</summary>
public interface ICliCommand
{
    /// <summary>The words that select it, e.g. <c>["users", "add"]</c>.</summary>
    IReadOnlyList<string> Verb { get; }

    string Usage { get; }

    Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken);
}

/// <summary>
/// Seeds demo data when demo mode is on; runs in <see cref="Order"/> after migrations, and must be idempotent. Seeders
/// with the same <see cref="Order"/> run concurrently, each in its own scope, so they must not depend on each other.
/// </summary>
public interface IDemoSeeder
{
    int Order { get; }

    Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken);
}

public static class CliArgs
{
    public static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == name && i + 1 < args.Count) return args[i + 1];
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
        }

        return null;
    }

    public static bool Flag(IReadOnlyList<string> args, string name) => args.Contains(name, StringComparer.Ordinal);
}
