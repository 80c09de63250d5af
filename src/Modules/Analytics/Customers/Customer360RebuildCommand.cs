using System.Diagnostics;
using Ecosystem.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Analytics.Customers;

/// <summary><c>ecosystem customer360 rebuild</c>, with a progress bar.</summary>
internal sealed class Customer360RebuildCommand : ICliCommand
{
    public IReadOnlyList<string> Verb => ["customer360", "rebuild"];

    public string Usage => "customer360 rebuild            rebuild Customer 360 from the event log";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var progress = new SyncProgress(p => output.Write("\r" + ProgressBar.Render(p.Done, p.Total, started.Elapsed)));
        var (events, people) = await services.GetRequiredService<Customer360Rebuild>().RunAsync(progress, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Rebuilt Customer 360 for {people:N0} people from {events:N0} events in {started.Elapsed.TotalSeconds:0.0} s.").ConfigureAwait(false);
        return 0;
    }

    private sealed class SyncProgress(Action<(long Done, long Total)> report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report(value);
    }
}
