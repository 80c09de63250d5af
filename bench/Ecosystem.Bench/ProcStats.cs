using System.Diagnostics;
using System.Globalization;

namespace Ecosystem.Bench;

/// <summary>Linux /proc readings: a process's CPU time and peak resident memory, and the machine's CPU use.</summary>
internal static class ProcStats
{
    private static readonly double ClockTicks = ReadClockTicks();

    /// <summary>utime + stime of a process (fields 14 and 15 of /proc/&lt;pid&gt;/stat).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field 14 (utime) is fields[11] and field 15 (stime) is fields[12].
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicks);
    }

    /// <summary>VmHWM (peak resident set) of a process in MB.</summary>
    public static double PeakMemoryMb(int pid) => StatusKb(pid, "VmHWM:") / 1024.0;

    /// <summary>VmRSS (current resident set) of a process in MB.</summary>
    public static double ResidentMemoryMb(int pid) => StatusKb(pid, "VmRSS:") / 1024.0;

    private static long StatusKb(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Busy and total jiffies of all CPUs (the "cpu" line of /proc/stat).</summary>
    public static (long Busy, long Total) MachineCpu()
    {
        var line = File.ReadLines("/proc/stat").First();
        var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var idle = v[3] + v[4];
        var total = v.Sum();
        return (total - idle, total);
    }

    /// <summary>
    /// Time the process's threads ran and time they were runnable but waiting for a core (run-queue delay), summed over
    /// the threads alive now (/proc/&lt;pid&gt;/task/*/schedstat). Threads that already exited are not counted.
    /// </summary>
    public static (double RunSeconds, double WaitSeconds) Schedstat(int pid)
    {
        long run = 0, wait = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var f = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                run += long.Parse(f[0], CultureInfo.InvariantCulture);
                wait += long.Parse(f[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread exited while we read.
            }
        }

        return (run / 1e9, wait / 1e9);
    }

    /// <summary>
    /// CPU seconds of each live thread of the process whose name starts with <paramref name="namePrefix"/>, by thread id
    /// (/proc/&lt;pid&gt;/task/*/comm and stat), e.g. the runtime's tiered-compilation thread (".NET Tiered Com"), which
    /// exits when idle and is started again when there is work.
    /// </summary>
    public static Dictionary<string, double> ThreadCpuSeconds(int pid, string namePrefix)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(namePrefix, StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                seconds[Path.GetFileName(task)] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicks;
            }
            catch (IOException)
            {
                // The thread exited while we read.
            }
        }

        return seconds;
    }

    public static MachineInfo Machine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memKb = File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
            : 0;
        return new MachineInfo(Environment.ProcessorCount, model ?? "unknown", memKb / 1024, Environment.OSVersion.VersionString,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
    }

    private static double ReadClockTicks()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(5_000);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}

public sealed record MachineInfo(int Cores, string CpuModel, long MemoryMb, string Os, string Runtime);

/// <summary>CPU used during a measured window by the product (or ceiling server), the harness, and everything else.</summary>
internal sealed class CpuWindow
{
    private TimeSpan targetStart, benchStart;
    private (long Busy, long Total) machineStart;
    private (double RunSeconds, double WaitSeconds) schedStart;
    private Dictionary<string, double> jitStart = [];
    private long startTimestamp;

    /// <summary>The runtime's thread that compiles methods to their optimized tier.</summary>
    private const string TieringThread = ".NET Tiered Com";

    /// <summary>
    /// Share of the target's CPU in the window spent by its tiered-compilation thread, in %: above a few percent the JIT
    /// was still optimizing the hot paths, and the figures are not yet the steady state (raise <c>--warmup</c>).
    /// </summary>
    public double JitCpuPercent { get; private set; }

    public double TargetCpuSeconds { get; private set; }
    public double TargetCpuPercent { get; private set; }
    public double BenchCpuPercent { get; private set; }
    public double OtherCpuPercent { get; private set; }
    public double MachineBusyPercent { get; private set; }

    /// <summary>Run-queue delay of the target's threads ÷ wall time, in % (100 = on average one thread ready but waiting for a core).</summary>
    public double RunQueueWaitPercent { get; private set; }

    public void Start(int targetPid)
    {
        targetStart = ProcStats.CpuTime(targetPid);
        benchStart = Process.GetCurrentProcess().TotalProcessorTime;
        machineStart = ProcStats.MachineCpu();
        schedStart = ProcStats.Schedstat(targetPid);
        jitStart = ProcStats.ThreadCpuSeconds(targetPid, TieringThread);
        startTimestamp = Stopwatch.GetTimestamp();
    }

    public void Stop(int targetPid)
    {
        var wall = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        var target = (ProcStats.CpuTime(targetPid) - targetStart).TotalSeconds;
        var bench = (Process.GetCurrentProcess().TotalProcessorTime - benchStart).TotalSeconds;
        var machine = ProcStats.MachineCpu();
        var sched = ProcStats.Schedstat(targetPid);
        RunQueueWaitPercent = Math.Max(0, 100 * (sched.WaitSeconds - schedStart.WaitSeconds) / wall);
        var busyShare = machine.Total == machineStart.Total ? 0 : (double)(machine.Busy - machineStart.Busy) / (machine.Total - machineStart.Total);
        TargetCpuSeconds = target;
        // Per thread: the tiering thread may have exited and been started again in the window (an exited one's CPU
        // since the start is not seen, so this can only understate).
        var jit = ProcStats.ThreadCpuSeconds(targetPid, TieringThread).Sum(t => t.Value - jitStart.GetValueOrDefault(t.Key));
        JitCpuPercent = target <= 0 ? 0 : 100 * jit / target;
        // Percent of one core, as top shows it: 200 % is both cores of a 2-core machine.
        TargetCpuPercent = 100 * target / wall;
        BenchCpuPercent = 100 * bench / wall;
        MachineBusyPercent = 100 * busyShare * Environment.ProcessorCount;
        OtherCpuPercent = Math.Max(0, MachineBusyPercent - TargetCpuPercent - BenchCpuPercent);
    }
}
