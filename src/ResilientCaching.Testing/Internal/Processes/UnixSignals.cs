using System.Runtime.InteropServices;

namespace ResilientCaching.Testing.Internal.Processes;

/// <summary>Sends POSIX signals with kill(2); used for SIGSTOP/SIGCONT, which <see cref="System.Diagnostics.Process"/> cannot send.</summary>
internal static partial class UnixSignals
{
    public const int SigKill = 9;

    // Signal numbers differ between Linux and the BSDs (macOS).
    public static int SigStop => OperatingSystem.IsLinux() ? 19 : 17;

    public static int SigCont => OperatingSystem.IsLinux() ? 18 : 19;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; returns false when the process does not exist.</summary>
    public static bool Send(int pid, int signal)
    {
        if (pid <= 0)
        {
            return false;
        }

        return Kill(pid, signal) == 0;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
