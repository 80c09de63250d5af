using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace Ecosystem.Platform.Data;
/// <summary>
/// Flushes SQLite's write-ahead log to disk for the write gate's committed groups, then answers their callers
/// (ADR 0016). One thread, in commit order; each flush covers every group committed before it started, so under load
/// one fsync answers several groups. A failed flush stops the process: the log's contents are no longer known to be
/// on disk, and later commits were built on them (PostgreSQL panics for the same reason).
/// </summary>
internal sealed class WalFlusher(string? logPath) : IAsyncDisposable
{
    // Two writers: the loop's committed groups and the ingestion writer's FlushLogAsync (ADR 0017).
    private readonly Channel<WriteGate.QueuedWrite[]> pending = Channel.CreateUnbounded<WriteGate.QueuedWrite[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? worker;

    /// <summary>Runs before each flush (tests hold it to see that nobody is answered before the flush).</summary>
    internal Func<Task>? BeforeFlush { get; set; }


    public void Enqueue(WriteGate.QueuedWrite[] group)
    {
        if (worker is null)
        {
            lock (startLock) worker ??= Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        if (!pending.Writer.TryWrite(group))
        {
            foreach (var member in group) member.Fail(new ObjectDisposedException(nameof(WalFlusher), "The write gate is shut down."));
        }
    }

    private async Task RunAsync()
    {
        var reader = pending.Reader;
        var batch = new List<WriteGate.QueuedWrite[]>();
        SafeFileHandle? log = null;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var group)) batch.Add(group);
                if (BeforeFlush is { } hook) await hook().ConfigureAwait(false);
                try
                {
                    log ??= File.OpenHandle(logPath!, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                    RandomAccess.FlushToDisk(log);
                }
                catch (FileNotFoundException)
                {
                    // The log is gone only after the last connection closed and checkpointed it into the database
                    // file, which SQLite flushed (synchronous=NORMAL flushes checkpoints): the groups are durable.
                    log?.Dispose();
                    log = null;
                }
                catch (Exception ex)
                {
                    Environment.FailFast("Flushing SQLite's write-ahead log failed; committed writes may not be on disk.", ex);
                }

                foreach (var done in batch)
                {
                    foreach (var member in done) member.Complete();
                }

                batch.Clear();
            }
        }
        finally
        {
            log?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        if (worker is not null) await worker.ConfigureAwait(false);
    }
}
