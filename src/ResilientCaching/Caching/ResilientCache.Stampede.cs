using System.Collections.Concurrent;

namespace ResilientCaching.Caching;

internal sealed partial class ResilientCache
{
    /// <summary>The miss in progress per key; concurrent misses join it instead of calling the factory again.</summary>
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    /// <summary>
    /// Joins the miss already running for <paramref name="key"/>, or starts one. The shared work is never cancelled by
    /// one caller: each caller stops waiting on its own token, and the work is bounded by the Redis and factory timeouts.
    /// </summary>
    private Task<T> JoinOrStartFlight<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, ResilientCacheEntryOptions options)
    {
        if (_flights.TryGetValue(key, out var running))
        {
            // The same key being loaded as another type is not coalesced with it.
            return running is FlightOf<T> joined ? joined.Completion.Task : RunMissAsync(key, state, factory, options, flight: null);
        }

        var flight = new FlightOf<T>(TagArray(options));
        var existing = _flights.GetOrAdd(key, flight);
        if (!ReferenceEquals(existing, flight))
        {
            return existing is FlightOf<T> other ? other.Completion.Task : RunMissAsync(key, state, factory, options, flight: null);
        }

        _ = FlyAsync(key, flight, state, factory, options);
        return flight.Completion.Task;
    }

    private async Task FlyAsync<TState, T>(string key, FlightOf<T> flight, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, ResilientCacheEntryOptions options)
    {
        try
        {
            flight.Completion.TrySetResult(await RunMissAsync(key, state, factory, options, flight).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            flight.Completion.TrySetException(ex);

            // Every waiter may have given up (cancelled); the failure has been reported to those that did not.
            _ = flight.Completion.Task.Exception;
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, Flight>(key, flight));
        }
    }

    /// <summary>
    /// The key changed while a miss for it runs: its value must not be stored, and callers arriving from now on must not
    /// join it (they would get a value read before the change), so it leaves the table.
    /// </summary>
    private void SupersedeFlight(string key)
    {
        if (_flights.TryGetValue(key, out var flight))
        {
            flight.Supersede();
            _flights.TryRemove(new KeyValuePair<string, Flight>(key, flight));
        }
    }

    /// <summary>A tag was invalidated: misses of entries carrying it must not store what they loaded before.</summary>
    private void SupersedeFlights(string tag)
    {
        foreach (var (key, flight) in _flights)
        {
            if (flight.HasTag(tag))
            {
                flight.Supersede();
                _flights.TryRemove(new KeyValuePair<string, Flight>(key, flight));
            }
        }
    }
}
