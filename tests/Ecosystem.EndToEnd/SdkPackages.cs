using System.Diagnostics;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The real Node SDKs under <c>tests/Ecosystem.EndToEnd/sdk</c>: restored with <c>npm ci</c> from the committed lock file the
/// first time a test needs them (again when the lock file changes), and run with node. Without node the tests skip,
/// except under CI=true.
/// </summary>
internal static class SdkPackages
{
    private static readonly Lazy<Task<string?>> Restored = new(RestoreAsync);

    public static string Folder => Path.Combine(ProductProcess.RepoRoot, "tests", "Ecosystem.EndToEnd", "sdk");

    /// <summary>Null when the packages are ready; otherwise why not (the test skips, or fails under CI=true).</summary>
    public static Task<string?> EnsureRestoredAsync() => Restored.Value;

    private static async Task<string?> RestoreAsync()
    {
        var (code, output) = await RunAsync("node", ["--version"], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (code != 0) return "node is not installed: " + output;
        var marker = Path.Combine(Folder, "node_modules", ".package-lock.json");
        if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(Path.Combine(Folder, "package-lock.json"))) return null;
        (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        if (code != 0) throw new InvalidOperationException("npm ci failed in " + Folder + ":\n" + output);
        return null;
    }

    /// <summary>Runs a program in the sdk folder; returns its exit code and everything it printed.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"{program} did not finish within {limit}: " + await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
            }

            return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
        }
    }
}
