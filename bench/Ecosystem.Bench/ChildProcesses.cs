using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ecosystem.Bench;

/// <summary>Every process the harness starts, so each one is killed on exit, on Ctrl+C and on failure.</summary>
internal static class ChildProcesses
{
    private static readonly List<Process> Running = [];

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static Process Start(ProcessStartInfo start, Action<string>? onLine)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        var p = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        lock (Running) Running.Add(p);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine?.Invoke(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine?.Invoke(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public static async Task StopAsync(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"warning: process {p.Id} did not exit within 15 s of SIGKILL");
        }
        finally
        {
            lock (Running) Running.Remove(p);
            p.Dispose();
        }
    }

    public static void KillAll()
    {
        lock (Running)
        {
            foreach (var p in Running)
            {
                try
                {
                    if (!p.HasExited) p.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }

            Running.Clear();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command to completion (bounded) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        var output = new System.Text.StringBuilder();
        var p = Start(start, line => { lock (output) output.AppendLine(line); });
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            p.WaitForExit(); // flush the redirected streams
            var code = p.ExitCode;
            lock (Running) Running.Remove(p);
            p.Dispose();
            lock (output) return (code, output.ToString());
        }
        catch (OperationCanceledException)
        {
            await StopAsync(p).ConfigureAwait(false);
            lock (output) return (-1, output + $"\n(killed after {timeout.TotalSeconds:0} s)");
        }
    }
}
