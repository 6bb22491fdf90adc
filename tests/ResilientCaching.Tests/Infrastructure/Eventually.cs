using System.Diagnostics;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>Polls a condition with a deadline; fails with a message when it never holds.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"Within {timeout}: {because}.");
            }

            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because)
        => TrueAsync(() => Task.FromResult(condition()), timeout, because);
}
