using System.Diagnostics;
using System.Globalization;

namespace Shop.LoadTests;

/// <summary>CPU time and memory of the processes in a run, read from <c>/proc</c> (Linux; null elsewhere).</summary>
internal static class ProcessStats
{
    public static TimeSpan? CpuTime(int? pid)
    {
        if (pid is not { } id)
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(id);
            return process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The peak resident set (VmHWM) in MiB: the most memory the process has held at once.</summary>
    public static double? PeakResidentMb(int? pid) => StatusKb(pid, "VmHWM:") / 1024.0;

    /// <summary>The Node process of the Azurite that serves tables on <paramref name="tablePort"/>.</summary>
    public static int? FindAzurite(int tablePort)
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        var wanted = $"\0--tablePort\0{tablePort.ToString(CultureInfo.InvariantCulture)}\0";
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var command = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (command.StartsWith("node\0", StringComparison.Ordinal) && command.Contains("azurite.js", StringComparison.Ordinal) && command.Contains(wanted, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the process has died: gone, or a zombie (dead, its memory and sockets freed, waiting to be reaped by
    /// whoever adopted it after its parent was killed, which may take a while). Without /proc: whether it has exited.
    /// </summary>
    public static bool IsDead(int pid)
    {
        if (!Directory.Exists("/proc"))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return process.HasExited;
            }
            catch (ArgumentException)
            {
                return true;
            }
        }

        try
        {
            // "pid (comm) S ...": the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static long? StatusKb(int? pid, string field)
    {
        var path = $"/proc/{pid}/status";
        if (pid is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
