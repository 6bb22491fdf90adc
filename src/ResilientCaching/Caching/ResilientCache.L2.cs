using System.Buffers;
using System.Runtime.CompilerServices;
using ResilientCaching.Diagnostics;
using ResilientCaching.Storage;
using ResilientCaching.Topology;

namespace ResilientCaching.Caching;

internal sealed partial class ResilientCache
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_envelopeBuffer;

    private const int MaxRetainedBufferBytes = 64 * 1024;

    private int _readSpread;

    /// <summary>
    /// Reads and decodes the Redis entry from the node the read preference allows (a replica within the lag bound that
    /// reached the caller's token, else the master; any replica, marked stale, when the master is unreachable).
    /// A corrupt entry is deleted and reported as not found.
    /// </summary>
    private async ValueTask<L2Read<T>> ReadRedisAsync<T>(string key, ResilientCacheEntryOptions options, CancellationToken cancellationToken)
    {
        if (PendingInvalidations.IsPending(key))
        {
            // A write or removal of this key has not reached Redis yet: whatever Redis holds is outdated.
            return default;
        }

        var timeout = OperationTimeout(options);
        var route = ChooseRoute(key, options);
        if (route.Kind == ReadRouteKind.StaleReplica && _recentWrites.Contains(key))
        {
            // Master down: this instance wrote or removed the key moments ago, and the replica may not have that yet.
            _metrics.Fallback("master_down");
            return default;
        }

        if (route.Kind is ReadRouteKind.Replica or ReadRouteKind.StaleReplica)
        {
            var replica = route.Replica!;
            var fromReplica = await _redis.GetFromReplicaAsync(replica.EndPoint, key, timeout, cancellationToken).ConfigureAwait(false);
            if (fromReplica.Succeeded)
            {
                if (route.IsStale)
                {
                    _metrics.Fallback("master_down");
                    Log.StaleReplicaRead(_logger, key, replica.EndPoint);
                }

                var bytes = (byte[]?)fromReplica.Value;
                return bytes is null ? default : Decode<T>(key, bytes, options, route.IsStale);
            }

            Log.RedisOperationFailed(_logger, "GET (replica " + replica.EndPoint + ")", FailureName(fromReplica.Failure), fromReplica.Exception);
            _metrics.Fallback(FailureName(fromReplica.Failure));
            if (route.IsStale)
            {
                return default;
            }
        }
        else if (route.Kind == ReadRouteKind.None)
        {
            _metrics.Fallback(route.Reason ?? "none");
            Log.ReplicaReadFellBack(_logger, route.Reason ?? "none", "treated as a miss");
            return default;
        }
        else if (route.Reason is not null)
        {
            if (route.Reason == "replica_lagging")
            {
                _metrics.Fallback(route.Reason);
            }

            Log.ReplicaReadFellBack(_logger, route.Reason, "reading from the master");
        }

        var result = await _redis.GetAsync(key, timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            _metrics.Fallback(FailureName(result.Failure));
            Log.RedisOperationFailed(_logger, "GET", FailureName(result.Failure), result.Exception);
            return default;
        }

        using var lease = result.Value;
        return lease is null ? default : Decode<T>(key, lease.Span, options, isStale: false);
    }

    private ReadRoute ChooseRoute(string key, ResilientCacheEntryOptions options)
    {
        var snapshot = _monitor.Current;
        if (snapshot.Nodes.Count <= 1)
        {
            return ReadRoute.Master;
        }

        if (_redis.IsCluster)
        {
            // Cluster: only the key's shard (its master and that master's replicas) may serve it.
            var shardMaster = _redis.MasterFor(key);
            if (shardMaster is null)
            {
                return ReadRoute.Master;
            }

            snapshot = snapshot.ForShard(shardMaster);
        }

        var token = ConsistencyToken.Max(options.ConsistencyToken, ConsistencyScope.Current?.Token);
        var masterAvailable = snapshot.Master is not null && !Resilience.IsOpen;
        return ReadRouter.Choose(snapshot, masterAvailable, options.ReadPreference, options.MaxReplicaLag, token, _time.GetUtcNow(), _monitor.MaxStatusAge, Interlocked.Increment(ref _readSpread));
    }

    private L2Read<T> Decode<T>(string key, ReadOnlySpan<byte> envelope, ResilientCacheEntryOptions options, bool isStale)
    {
        if (!CacheEnvelope.TryRead(envelope, out var times, out var flags, out var tags, out var payload))
        {
            DiscardCorrupt(key, envelope.Length < CacheEnvelope.HeaderSize ? "truncated or foreign payload" : "unknown format, version, flags or length", null, options);
            return default;
        }

        if (_tags.IsInvalidated(tags, times.CreatedAt))
        {
            // Invalidated by RemoveByTagAsync after it was written: gone, as if removed.
            _ = _redis.DeleteAsync(key, WriteDurability.Master, wantOffset: false, OperationTimeout(options), CancellationToken.None).AsTask();
            return default;
        }

        if ((flags & EnvelopeFlags.RawBytes) != 0)
        {
            if (typeof(T) != typeof(byte[]))
            {
                DiscardCorrupt(key, "raw bytes stored, " + typeof(T).Name + " requested", null, options);
                return default;
            }

            var bytes = payload.ToArray();
            return new L2Read<T>(Unsafe.As<byte[], T>(ref bytes), times, isStale, tags);
        }

        try
        {
            return new L2Read<T>(_serializer.Deserialize<T>(payload), times, isStale, tags);
        }
        catch (Exception ex)
        {
            DiscardCorrupt(key, "payload does not deserialize as " + typeof(T).Name, ex, options);
            return default;
        }
    }

    private async ValueTask<CacheLookup<T>> TryGetFromRedisAsync<T>(string key, ResilientCacheEntryOptions options, CancellationToken cancellationToken)
    {
        var read = await ReadRedisAsync<T>(key, options, cancellationToken).ConfigureAwait(false);
        var now = Now();
        if (!read.Found || !read.Times.IsFresh(now))
        {
            _metrics.Request("miss", "none");
            return CacheLookup<T>.NotFound;
        }

        _metrics.Request(read.IsStale ? "stale" : "hit", "l2");

        if (!read.IsStale)
        {
            _memory.Set(key, read.Value, read.Times, now, options.L1Duration, read.Tags);
        }

        return new CacheLookup<T>(read.Value, CacheLevel.Redis, read.IsStale);
    }

    private void DiscardCorrupt(string key, string reason, Exception? exception, ResilientCacheEntryOptions options)
    {
        _metrics.Fallback("corrupt_payload");
        Log.CorruptPayload(_logger, key, reason, exception);
        _ = _redis.DeleteAsync(key, WriteDurability.Master, wantOffset: false, OperationTimeout(options), CancellationToken.None).AsTask();
    }

    /// <summary>Serializes <paramref name="value"/> into an envelope, or returns <see langword="null"/> (logged) when it cannot or should not go to Redis.</summary>
    private byte[]? TryCreateEnvelope<T>(string key, T value, in EntryTimes times, ResilientCacheEntryOptions options)
    {
        var buffer = t_envelopeBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        try
        {
            CacheEnvelope.Begin(buffer, options.Tags);
            var bodyStart = buffer.WrittenCount;
            var flags = options.Tags is { Count: > 0 } ? EnvelopeFlags.Tags : EnvelopeFlags.None;
            if (typeof(T) == typeof(byte[]) && value is byte[] raw)
            {
                // Bytes are stored as they are (IDistributedCache, output caching): no serializer, no base64.
                buffer.Write(raw);
                flags |= EnvelopeFlags.RawBytes;
            }
            else
            {
                try
                {
                    _serializer.Serialize(value, buffer);
                }
                catch (Exception ex)
                {
                    Log.SerializationFailed(_logger, key, ex);
                    return null;
                }
            }

            var payloadLength = buffer.WrittenCount - bodyStart;
            if (payloadLength > _options.MaxValueBytes)
            {
                Log.ValueTooLarge(_logger, key, payloadLength, _options.MaxValueBytes);
                return null;
            }

            var envelope = buffer.WrittenSpan.ToArray();
            CacheEnvelope.CompleteHeader(envelope, times, flags);
            return envelope;
        }
        finally
        {
            if (buffer.Capacity > MaxRetainedBufferBytes)
            {
                t_envelopeBuffer = null;
            }
        }
    }

    private async Task WriteEnvelopeAsync(string key, byte[] envelope, EntryTimes times, long now, ResilientCacheEntryOptions options)
    {
        var timeToLive = TimeSpan.FromMilliseconds(Math.Max(1, times.FailSafeExpiry - now));
        var result = await _redis.SetAsync(key, envelope, timeToLive, WriteDurability.Master, wantOffset: false, OperationTimeout(options), CancellationToken.None).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Log.RedisOperationFailed(_logger, "SET (write-back)", FailureName(result.Failure), result.Exception);
        }
    }

    /// <summary>Writes a factory result to Redis without making the caller wait; every failure is logged, none thrown.</summary>
    private void WriteInBackground<T>(string key, T value, EntryTimes times, long now, ResilientCacheEntryOptions options)
    {
        var envelope = TryCreateEnvelope(key, value, times, options);
        if (envelope is not null)
        {
            _ = WriteEnvelopeAsync(key, envelope, times, now, options);
        }
    }
}
