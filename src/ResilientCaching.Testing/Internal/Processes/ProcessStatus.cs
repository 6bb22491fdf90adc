namespace ResilientCaching.Testing.Internal.Processes;

/// <summary>Reads a process's scheduler state from <c>/proc</c> (Linux); callers degrade gracefully elsewhere.</summary>
internal static class ProcessStatus
{
    public static bool ProcFsAvailable => Directory.Exists("/proc/self");

    /// <summary>True when the process exists and is not a zombie (an unreaped zombie has already exited).</summary>
    public static bool Exists(int pid) =>
        pid > 0 && (ProcFsAvailable ? Directory.Exists($"/proc/{pid}") && State(pid) is not 'Z' : UnixSignals.Send(pid, 0));

    /// <summary>Returns the one-letter state (R, S, T, Z...) or null when unknown.</summary>
    public static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // Format: pid (comm) state ...; comm may contain spaces or parentheses.
            var close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length ? stat[close + 2] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static bool IsStopped(int pid) => State(pid) is 'T' or 't';

    /// <summary>Returns the current working directory of the process, or null when unknown.</summary>
    public static string? WorkingDirectory(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/cwd").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
