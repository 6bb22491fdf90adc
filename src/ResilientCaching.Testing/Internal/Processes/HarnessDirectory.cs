using System.Globalization;

namespace ResilientCaching.Testing.Internal.Processes;

/// <summary>
/// Owns the per-process temp directories under <c>$TMPDIR/resilientcaching-harness/</c>. Each directory
/// name carries the owning test-host pid (<c>kind-ownerpid-random</c>); on first use, directories whose owner
/// is gone (a test host killed with SIGKILL cannot clean up) are swept: their Redis process is killed when
/// it still runs in that directory, and the directory is deleted.
/// </summary>
internal static class HarnessDirectory
{
    public const string ServerPidFileName = "server.pid";

    private static int _swept;

    public static string Root => Path.Combine(Path.GetTempPath(), "resilientcaching-harness");

    public static string Create(string kind)
    {
        if (Interlocked.Exchange(ref _swept, 1) == 0)
        {
            SweepLeftovers();
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{kind}-{Environment.ProcessId}-{Guid.NewGuid():N}")[..(kind.Length + 20)];
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void RecordServerPid(string directory, int pid)
    {
        try
        {
            File.WriteAllText(Path.Combine(directory, ServerPidFileName), pid.ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            // Best effort: only the leftover sweep reads it.
        }
    }

    public static void Delete(string directory)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                // A dying redis may still be writing its log; try again shortly.
                Thread.Sleep(20);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static void SweepLeftovers()
    {
        if (!ProcessStatus.ProcFsAvailable || !Directory.Exists(Root))
        {
            return;
        }

        try
        {
            foreach (var directory in Directory.EnumerateDirectories(Root))
            {
                var owner = OwnerPid(Path.GetFileName(directory));
                if (owner is null || owner == Environment.ProcessId || ProcessStatus.Exists(owner.Value))
                {
                    continue;
                }

                KillServerIn(directory);
                Delete(directory);
            }
        }
        catch (IOException)
        {
            // Another test host may be sweeping concurrently; leftovers are retried next time.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int? OwnerPid(string name)
    {
        var parts = name.Split('-');
        return parts.Length >= 3 && int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static void KillServerIn(string directory)
    {
        try
        {
            var pidFile = Path.Combine(directory, ServerPidFileName);
            if (!File.Exists(pidFile)
                || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return;
            }

            // Only kill a process that really runs in this directory (guards against pid reuse).
            var cwd = ProcessStatus.WorkingDirectory(pid);
            if (cwd is not null && cwd.StartsWith(directory, StringComparison.Ordinal))
            {
                UnixSignals.Send(pid, UnixSignals.SigCont);
                UnixSignals.Send(pid, UnixSignals.SigKill);
            }
        }
        catch (IOException)
        {
        }
    }
}
