using System.Diagnostics;

namespace ResilientCaching.Tests.Testing;

/// <summary>Assertions about the OS processes and directories the harness manages.</summary>
internal static class HarnessAssert
{
    public static void ProcessGone(int pid)
    {
        Assert.True(pid > 0, "pid was never set");
        Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} is still alive");
    }

    public static void ProcessAlive(int pid) =>
        Assert.True(Directory.Exists($"/proc/{pid}"), $"process {pid} is not alive");

    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {because}.");
    }
}
