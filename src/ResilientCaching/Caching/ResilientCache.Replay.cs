using ResilientCaching.Diagnostics;
using ResilientCaching.Resilience;

namespace ResilientCaching.Caching;

internal sealed partial class ResilientCache
{
    private static readonly TimeSpan s_replayInterval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _disposing = new();
    private readonly InvalidationQueue _pendingInvalidations;
    private int _replaying;

    /// <summary>Gets the invalidations waiting for Redis.</summary>
    internal InvalidationQueue PendingInvalidations => _pendingInvalidations;

    /// <summary>Remembers that Redis still holds an outdated value for <paramref name="key"/>, and starts the replay.</summary>
    private void QueueInvalidation(string key)
    {
        _metrics.Invalidation("queued");
        var dropped = PendingInvalidations.Enqueue(key);
        if (dropped is not null)
        {
            _metrics.Invalidation("dropped");
            Log.InvalidationDropped(_logger, dropped, _options.InvalidationQueueCapacity);
        }

        StartReplay();
    }

    private void StartReplay()
    {
        if (Interlocked.CompareExchange(ref _replaying, 1, 0) == 0)
        {
            _ = ReplayAsync();
        }
    }

    /// <summary>Deletes queued keys in Redis, in order, as soon as Redis answers; stops when the queue is empty.</summary>
    private async Task ReplayAsync()
    {
        var token = _disposing.Token;
        var replayed = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (!_pendingTags.IsEmpty && !await ReplayTagsAsync(token).ConfigureAwait(false))
                {
                    await Task.Delay(s_replayInterval, _time, token).ConfigureAwait(false);
                    continue;
                }

                if (!PendingInvalidations.TryPeek(out var key, out var generation))
                {
                    Volatile.Write(ref _replaying, 0);

                    // A key queued after the peek and before the flag was cleared must not wait for the next one.
                    if ((PendingInvalidations.Count == 0 && _pendingTags.IsEmpty) || Interlocked.CompareExchange(ref _replaying, 1, 0) != 0)
                    {
                        break;
                    }

                    continue;
                }

                var result = Resilience.IsOpen
                    ? RedisCallResult<Storage.WriteAck>.Failed(RedisFailure.CircuitOpen)
                    : await _redis.DeleteAsync(key, WriteDurability.Master, wantOffset: false, _options.OperationTimeout, token).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    PendingInvalidations.Complete(key, generation);
                    // A replay that reached a master about to be demoted must be redone on its successor, and a
                    // replica that has not received the deletion yet must not serve the key (master down).
                    _recentWrites.Record(key);

                    PublishInvalidation(key);
                    _metrics.Invalidation("replayed");
                    replayed++;
                    continue;
                }

                await Task.Delay(s_replayInterval, _time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            if (replayed > 0)
            {
                Log.InvalidationsReplayed(_logger, replayed, PendingInvalidations.Count);
            }
        }
    }
}
