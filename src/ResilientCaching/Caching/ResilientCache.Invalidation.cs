using ResilientCaching.Diagnostics;
using StackExchange.Redis;

namespace ResilientCaching.Caching;

internal sealed partial class ResilientCache
{
    private const char InvalidationSeparator = '\n';

    private readonly RedisChannel _invalidationChannel;
    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private int _subscribed;

    private void OnAttached(IConnectionMultiplexer multiplexer)
    {
        _ = SubscribeTagsAsync(multiplexer);
        if (_options.EnableInvalidationMessages)
        {
            _ = SubscribeAsync(multiplexer);
        }
    }

    private void OnRestored(ConnectionType connectionType)
    {
        _ = Resilience.CloseAsync();

        // Tag invalidations published while this connection was down: Redis keeps them all.
        _ = LoadTagsAsync();
        if (!_options.EnableInvalidationMessages || !_connection.TryGetMultiplexer(out var multiplexer))
        {
            return;
        }

        if (Volatile.Read(ref _subscribed) == 0)
        {
            _ = SubscribeAsync(multiplexer);
        }
        else
        {
            // Messages published while this connection was down are lost: nothing in memory can be trusted as fresh.
            _memory.ExpireAll();
            Log.MemoryExpiredAfterReconnect(_logger);
        }
    }

    private async Task SubscribeAsync(IConnectionMultiplexer multiplexer)
    {
        try
        {
            await multiplexer.GetSubscriber().SubscribeAsync(_invalidationChannel, OnInvalidation).ConfigureAwait(false);
            Volatile.Write(ref _subscribed, 1);
        }
        catch (Exception ex)
        {
            Log.InvalidationSubscribeFailed(_logger, ex);
        }
    }

    private void OnInvalidation(RedisChannel channel, RedisValue message)
    {
        var text = (string?)message;
        var separator = text?.IndexOf(InvalidationSeparator, StringComparison.Ordinal) ?? -1;
        if (separator <= 0 || text.AsSpan(0, separator).SequenceEqual(_instanceId))
        {
            return;
        }

        var key = text![(separator + 1)..];
        Log.InvalidationReceived(_logger, key);
        SupersedeFlight(key);
        _memory.Remove(key);
    }

    /// <summary>Tells other app instances to drop their memory copy of <paramref name="key"/>; fire-and-forget.</summary>
    private void PublishInvalidation(string key)
    {
        if (!_options.EnableInvalidationMessages || Resilience.IsOpen || !_connection.TryGetMultiplexer(out var multiplexer))
        {
            return;
        }

        try
        {
            _ = multiplexer.GetSubscriber().PublishAsync(_invalidationChannel, string.Concat(_instanceId, "\n", key), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            Log.RedisOperationFailed(_logger, "PUBLISH", "connection_failed", ex);
        }
    }
}
