using System.Diagnostics;
using System.Net.Sockets;

namespace ResilientCaching.Testing.Internal.Topology;

/// <summary>Waits for a topology condition, treating transient network errors as "not yet".</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="condition"/> until it returns null; throws <see cref="RedisHarnessException"/> on timeout.</summary>
    /// <param name="goal">What is awaited, for the timeout message.</param>
    /// <param name="condition">Returns null when satisfied, otherwise a description of what is still missing.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task UntilAsync(
        string goal,
        Func<CancellationToken, Task<string?>> condition,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        string? missing = "not checked yet";
        Exception? lastError = null;
        while (true)
        {
            try
            {
                missing = await condition(cancellationToken).ConfigureAwait(false);
                if (missing is null)
                {
                    return;
                }

                lastError = null;
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or RedisHarnessException)
            {
                lastError = ex;
            }

            if (elapsed.Elapsed >= timeout)
            {
                var message = $"Timed out after {timeout.TotalSeconds:0.#} s waiting until {goal}: {missing}"
                    + (lastError is null ? "." : $" (last error: {lastError.Message}).");
                throw lastError is null ? new RedisHarnessException(message) : new RedisHarnessException(message, lastError);
            }

            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
