using ResilientCaching.Diagnostics;
using ResilientCaching.Storage;

namespace ResilientCaching.Caching;

internal sealed partial class ResilientCache
{
    /// <summary>The epoch of a stale candidate read from Redis (memory epochs are never negative).</summary>
    private const int FromRedis = -1;

    /// <summary>
    /// The miss: Redis, then the factory under its timeouts; on factory failure the newest stale value within the
    /// fail-safe window (memory or Redis) is served. Only with no stale value does the factory's exception escape.
    /// </summary>
    private async Task<T> RunMissAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, ResilientCacheEntryOptions options, Flight? flight)
    {
        var now = Now();
        if (_memory.TryGetFresh<T>(key, out var fresh))
        {
            return fresh;
        }

        var stale = options.IsFailSafeEnabled ? _memory.TryGetEntry<T>(key) : null;
        if (stale is not null && !stale.Times.IsServableStale(now))
        {
            stale = null;
        }

        using var span = Diagnostics.Activities.Start("resilientcaching.get_or_set");
        var read = await ReadRedisAsync<T>(key, options, CancellationToken.None).ConfigureAwait(false);
        if (read.Found)
        {
            now = Now();
            if (read.Times.IsFresh(now))
            {
                // A replica read past the lag bound (master down) is kept in memory only briefly; a read the key's
                // change superseded answers its waiters but is not kept.
                if (flight?.IsSuperseded != true)
                {
                    _memory.Set(key, read.Value, read.Times, now, read.IsStale ? options.FailSafeThrottleDuration : options.L1Duration, read.Tags);
                }

                _metrics.Request(read.IsStale ? "stale" : "hit", "l2");
                span?.SetTag(Diagnostics.Tags.CacheResult, read.IsStale ? "stale" : "hit");
                return read.Value;
            }

            if (options.IsFailSafeEnabled && read.Times.IsServableStale(now) && (stale is null || read.Times.CreatedAt > stale.Times.CreatedAt))
            {
                stale = new L1Entry<T>(read.Value, read.Times, 0, FromRedis, read.Tags);
            }
        }

        return await RunFactoryAsync(key, state, factory, options, stale, flight).ConfigureAwait(false);
    }

    private async Task<T> RunFactoryAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, ResilientCacheEntryOptions options, L1Entry<T>? stale, Flight? flight)
    {
        var hardTimeout = options.FactoryHardTimeout;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var hardCancellation = hardTimeout is { } hard ? new CancellationTokenSource(hard, _time) : null;
        var task = StartFactory(state, factory, hardCancellation?.Token ?? CancellationToken.None);
        try
        {
            T value;
            if (stale is not null && options.FactorySoftTimeout is { } soft)
            {
                try
                {
                    value = await task.WaitAsync(soft, _time).ConfigureAwait(false);
                }
                catch (TimeoutException) when (!task.IsCompleted)
                {
                    _metrics.Fallback("factory_timeout");
                    _metrics.Request("stale", stale.Epoch == FromRedis ? "l2" : "l1");
                    Log.FactoryTimedOutServingStale(_logger, key, "soft", soft);
                    _ = CompleteInBackgroundAsync(key, task, options, hardCancellation, flight);
                    hardCancellation = null;
                    return stale.Value;
                }
            }
            else if (hardTimeout is { } hardOnly)
            {
                value = await task.WaitAsync(hardOnly, _time).ConfigureAwait(false);
            }
            else
            {
                value = await task.ConfigureAwait(false);
            }

            _metrics.Factory(started, "success");
            _metrics.Request("miss", "none");
            Store(key, value, options, flight);
            return value;
        }
        catch (Exception ex)
        {
            var timedOut = hardCancellation?.IsCancellationRequested == true || (ex is TimeoutException && !task.IsCompleted);
            _metrics.Factory(started, timedOut ? "timeout" : "error");
            _metrics.Fallback(timedOut ? "factory_timeout" : "factory_error");
            if (stale is not null)
            {
                if (timedOut)
                {
                    Log.FactoryTimedOutServingStale(_logger, key, "hard", hardTimeout.GetValueOrDefault());
                }
                else
                {
                    Log.FactoryFailedServingStale(_logger, key, ex);
                }

                _memory.SetThrottled(key, stale, Now(), options.FailSafeThrottleDuration);
                _metrics.Request("stale", stale.Epoch == FromRedis ? "l2" : "l1");
                return stale.Value;
            }

            if (timedOut)
            {
                throw new TimeoutException($"The factory for cache key '{key}' did not complete within FactoryHardTimeout ({hardTimeout}) and no stale value was available.", ex);
            }

            throw;
        }
        finally
        {
            if (hardCancellation is not null)
            {
                // Leaving before the factory finished (hard timeout): tell it to stop.
                if (!task.IsCompleted)
                {
                    await hardCancellation.CancelAsync().ConfigureAwait(false);
                }

                hardCancellation.Dispose();
            }
        }
    }

    private static Task<T> StartFactory<TState, T>(TState state, Func<TState, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken)
    {
        try
        {
            return factory(state, cancellationToken).AsTask();
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    /// <summary>After a soft timeout, lets the factory finish and stores its value, within the hard timeout.</summary>
    private async Task CompleteInBackgroundAsync<T>(string key, Task<T> task, ResilientCacheEntryOptions options, CancellationTokenSource? hardCancellation, Flight? flight)
    {
        try
        {
            var value = options.FactoryHardTimeout is { } hard
                ? await task.WaitAsync(hard, _time).ConfigureAwait(false)
                : await task.ConfigureAwait(false);
            Store(key, value, options, flight);
        }
        catch (Exception ex)
        {
            Log.BackgroundFactoryFailed(_logger, key, ex);
        }
        finally
        {
            if (hardCancellation is not null)
            {
                if (!task.IsCompleted)
                {
                    await hardCancellation.CancelAsync().ConfigureAwait(false);
                }

                hardCancellation.Dispose();
            }
        }
    }

    /// <summary>
    /// Puts a value from the source of truth in memory at once and in Redis in the background — unless the key was
    /// written, removed or invalidated while it loaded (the value may predate that change).
    /// </summary>
    private void Store<T>(string key, T value, ResilientCacheEntryOptions options, Flight? flight)
    {
        if (flight?.IsSuperseded == true)
        {
            return;
        }

        var now = Now();
        var times = EntryTimes.For(now, options);
        _memory.Set(key, value, times, now, options.L1Duration, TagArray(options));
        WriteInBackground(key, value, times, now, options);
    }
}
