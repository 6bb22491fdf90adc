using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ResilientCaching.Testing.Internal.Processes;

/// <summary>
/// Tracks every Redis process the harness started, so that a test run that ends without disposing its
/// topologies (crash, Ctrl-C, unhandled exception) still leaves no redis-server behind.
/// </summary>
internal static class ProcessRegistry
{
    private static readonly ConcurrentDictionary<int, (Process Process, string Directory)> Tracked = new();
    private static readonly Lock HookLock = new();
    private static bool _hooked;
    private static readonly List<PosixSignalRegistration> SignalRegistrations = [];

    public static void Track(Process process, string directory)
    {
        EnsureHooked();
        Tracked[process.Id] = (process, directory);
    }

    public static void Untrack(int pid) => Tracked.TryRemove(pid, out _);

    private static void EnsureHooked()
    {
        lock (HookLock)
        {
            if (_hooked)
            {
                return;
            }

            _hooked = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

            // An unhandled exception aborts the runtime without raising ProcessExit.
            AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            {
                if (e.IsTerminating)
                {
                    KillAll();
                }
            };
            try
            {
                // SIGTERM/SIGINT/SIGHUP/SIGQUIT terminate the runtime without ProcessExit. The handlers do not
                // cancel, so the default behaviour (terminate) still follows the clean-up.
                foreach (var signal in (PosixSignal[])[PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGQUIT])
                {
                    SignalRegistrations.Add(PosixSignalRegistration.Create(signal, _ => KillAll()));
                }
            }
            catch (PlatformNotSupportedException)
            {
            }
        }
    }

    private static void KillAll()
    {
        var entries = Tracked.ToArray();
        foreach (var (pid, (process, _)) in entries)
        {
            UnixSignals.Send(pid, UnixSignals.SigCont);
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }

        foreach (var (pid, (process, directory)) in entries)
        {
            try
            {
                process.WaitForExit(TimeSpan.FromSeconds(1));
            }
            catch (InvalidOperationException)
            {
            }

            HarnessDirectory.Delete(directory);
            Tracked.TryRemove(pid, out _);
        }
    }
}
