using Ecosystem.Platform.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Infrastructure;

/// <summary>
/// Holds the app's WAL flusher (SQLite, ADR 0016/0017): every flush waits, so nobody whose writes it covers is answered,
/// until this is disposed. Disposing always releases it: a flusher left held would hang the app's shutdown.
/// </summary>
internal sealed class HeldFlusher : IDisposable
{
    private readonly WalFlusher flusher;
    private readonly TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldFlusher(IServiceProvider services)
    {
        flusher = services.GetRequiredService<WriteGate>().Flusher;
        flusher.BeforeFlush = () =>
        {
            reached.TrySetResult();
            return held.Task;
        };
    }

    /// <summary>Completes when a flush (any writer's) has started and is being held.</summary>
    public Task Reached => reached.Task;

    public void Dispose()
    {
        flusher.BeforeFlush = null;
        held.TrySetResult();
    }
}
