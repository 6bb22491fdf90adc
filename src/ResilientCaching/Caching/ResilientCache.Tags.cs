using System.Collections.Concurrent;
using System.Globalization;
using ResilientCaching.Diagnostics;
using StackExchange.Redis;

namespace ResilientCaching.Caching;

internal sealed partial class ResilientCache
{
    private const string TagsSuffix = "__resilientcaching:tags";

    private readonly TagInvalidations _tags = new();
    private readonly ConcurrentDictionary<string, long> _pendingTags = new(StringComparer.Ordinal);
    private RedisKey _tagsKey;
    private RedisChannel _tagsChannel;

    /// <inheritdoc/>
    public async ValueTask<CacheWriteResult> RemoveByTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        cancellationToken.ThrowIfCancellationRequested();

        var at = Now();
        _tags.Invalidate(tag, at);
        SupersedeFlights(tag);
        _pendingTags.AddOrUpdate(tag, at, (_, current) => Math.Max(current, at));
        bool published;
        try
        {
            published = await PublishTagAsync(tag, at, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Still pending: make sure the replay publishes it.
            StartReplay();
            throw;
        }

        return new CacheWriteResult(published ? CacheWriteStatus.Written : CacheWriteStatus.MemoryOnly);
    }

    private void InitializeTags(string keyPrefix)
    {
        _tagsKey = keyPrefix + TagsSuffix;
        _tagsChannel = RedisChannel.Literal(keyPrefix + TagsSuffix);
    }

    /// <summary>Records the tag invalidation in Redis (for instances that start later) and tells running instances.</summary>
    private async ValueTask<bool> PublishTagAsync(string tag, long at, CancellationToken cancellationToken)
    {
        var result = await _redis.RunAsync(
            "EVAL",
            static async (db, s) =>
            {
                // Keep the newest invalidation time if two instances race.
                await db.ScriptEvaluateAsync(
                    "local c = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0'); if c < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end; return 1",
                    [s.Key],
                    [s.Tag, s.At]).ConfigureAwait(false);
                await db.PublishAsync(s.Channel, s.Message).ConfigureAwait(false);
                return true;
            },
            (Key: _tagsKey, Channel: _tagsChannel, Tag: (RedisValue)tag, At: (RedisValue)at, Message: (RedisValue)string.Concat(_instanceId, "\n", at.ToString(CultureInfo.InvariantCulture), "\n", tag)),
            _options.OperationTimeout,
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Log.InvalidationQueued(_logger, "TAG", tag, FailureName(result.Failure));
            StartReplay();
            return false;
        }

        _pendingTags.TryRemove(new KeyValuePair<string, long>(tag, at));
        return true;
    }

    /// <summary>Publishes tag invalidations that did not reach Redis; true when none is left.</summary>
    private async ValueTask<bool> ReplayTagsAsync(CancellationToken cancellationToken)
    {
        foreach (var (tag, at) in _pendingTags)
        {
            if (!await PublishTagAsync(tag, at, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Loads every tag invalidation recorded in Redis (at connect, and after a reconnect that may have missed messages).</summary>
    private async Task LoadTagsAsync()
    {
        var result = await _redis.RunAsync("HGETALL", static (db, key) => db.HashGetAllAsync(key), _tagsKey, Max(_options.OperationTimeout, TimeSpan.FromSeconds(1)), CancellationToken.None).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return;
        }

        foreach (var entry in result.Value)
        {
            if (long.TryParse((string?)entry.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var at))
            {
                _tags.Invalidate(entry.Name!, at);
            }
        }
    }

    private async Task SubscribeTagsAsync(IConnectionMultiplexer multiplexer)
    {
        try
        {
            await multiplexer.GetSubscriber().SubscribeAsync(_tagsChannel, OnTagInvalidation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            Log.InvalidationSubscribeFailed(_logger, ex);
        }

        await LoadTagsAsync().ConfigureAwait(false);
    }

    private void OnTagInvalidation(RedisChannel channel, RedisValue message)
    {
        // "<instance>\n<at>\n<tag>"
        var parts = ((string?)message)?.Split('\n', 3);
        if (parts is { Length: 3 } && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var at))
        {
            _tags.Invalidate(parts[2], at);
            SupersedeFlights(parts[2]);
        }
    }
}
