using System.Collections.Concurrent;

namespace ResilientCaching.Caching;

internal sealed partial class ResilientCache
{
    /// <summary>The miss in progress per key; concurrent misses join it instead of calling the factory again.</summary>
    private readonly ConcurrentDictionary<string, Task> _flights = new(StringComparer.Ordinal);

    /// <summary>
    /// Joins the miss already running for <paramref name="key"/>, or starts one. The shared work is never cancelled by
    /// one caller: each caller stops waiting on its own token, and the work is bounded by the Redis and factory timeouts.
    /// </summary>
    private Task<T> JoinOrStartFlight<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, ResilientCacheEntryOptions options)
    {
        if (_flights.TryGetValue(key, out var running))
        {
            if (running is Task<T> joined)
            {
                return joined;
            }

            // The same key is being loaded as another type; do not coalesce with it.
            return RunMissAsync(key, state, factory, options);
        }

        var flight = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var existing = _flights.GetOrAdd(key, flight.Task);
        if (!ReferenceEquals(existing, flight.Task))
        {
            return existing as Task<T> ?? RunMissAsync(key, state, factory, options);
        }

        _ = FlyAsync(key, flight, state, factory, options);
        return flight.Task;
    }

    private async Task FlyAsync<TState, T>(string key, TaskCompletionSource<T> flight, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, ResilientCacheEntryOptions options)
    {
        try
        {
            flight.TrySetResult(await RunMissAsync(key, state, factory, options).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            flight.TrySetException(ex);

            // Every waiter may have given up (cancelled); the failure has been reported to those that did not.
            _ = flight.Task.Exception;
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, Task>(key, flight.Task));
        }
    }
}
