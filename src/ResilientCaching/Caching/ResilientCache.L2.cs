using System.Buffers;
using ResilientCaching.Diagnostics;
using ResilientCaching.Storage;

namespace ResilientCaching.Caching;

internal sealed partial class ResilientCache
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_envelopeBuffer;

    private const int MaxRetainedBufferBytes = 64 * 1024;

    /// <summary>Reads and decodes the Redis entry. A corrupt entry is deleted and reported as not found.</summary>
    private async ValueTask<L2Read<T>> ReadRedisAsync<T>(string key, ResilientCacheEntryOptions options, CancellationToken cancellationToken)
    {
        var result = await _redis.GetAsync(key, OperationTimeout(options), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Log.RedisOperationFailed(_logger, "GET", FailureName(result.Failure), result.Exception);
            return default;
        }

        using var lease = result.Value;
        if (lease is null)
        {
            return default;
        }

        if (!CacheEnvelope.TryRead(lease.Span, out var times, out var payload))
        {
            DiscardCorrupt(key, lease.Length < CacheEnvelope.HeaderSize ? "truncated or foreign payload" : "unknown format, version or length", null, options);
            return default;
        }

        T value;
        try
        {
            value = _serializer.Deserialize<T>(payload);
        }
        catch (Exception ex)
        {
            DiscardCorrupt(key, "payload does not deserialize as " + typeof(T).Name, ex, options);
            return default;
        }

        return new L2Read<T>(value, times);
    }

    private async ValueTask<CacheLookup<T>> TryGetFromRedisAsync<T>(string key, ResilientCacheEntryOptions options, CancellationToken cancellationToken)
    {
        var read = await ReadRedisAsync<T>(key, options, cancellationToken).ConfigureAwait(false);
        var now = Now();
        if (!read.Found || !read.Times.IsFresh(now))
        {
            return CacheLookup<T>.NotFound;
        }

        _memory.Set(key, read.Value, read.Times, now, options.L1Duration);
        return new CacheLookup<T>(read.Value, CacheLevel.Redis);
    }

    private void DiscardCorrupt(string key, string reason, Exception? exception, ResilientCacheEntryOptions options)
    {
        Log.CorruptPayload(_logger, key, reason, exception);
        _ = _redis.DeleteAsync(key, OperationTimeout(options), CancellationToken.None).AsTask();
    }

    /// <summary>Serializes <paramref name="value"/> into an envelope, or returns <see langword="null"/> (logged) when it cannot or should not go to Redis.</summary>
    private byte[]? TryCreateEnvelope<T>(string key, T value, in EntryTimes times)
    {
        var buffer = t_envelopeBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        try
        {
            CacheEnvelope.ReserveHeader(buffer);
            try
            {
                _serializer.Serialize(value, buffer);
            }
            catch (Exception ex)
            {
                Log.SerializationFailed(_logger, key, ex);
                return null;
            }

            var payloadLength = buffer.WrittenCount - CacheEnvelope.HeaderSize;
            if (payloadLength > _options.MaxValueBytes)
            {
                Log.ValueTooLarge(_logger, key, payloadLength, _options.MaxValueBytes);
                return null;
            }

            var envelope = buffer.WrittenSpan.ToArray();
            CacheEnvelope.CompleteHeader(envelope, times);
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

    private async ValueTask<bool> WriteEnvelopeAsync(string key, byte[] envelope, EntryTimes times, long now, ResilientCacheEntryOptions options, CancellationToken cancellationToken)
    {
        var timeToLive = TimeSpan.FromMilliseconds(Math.Max(1, times.FailSafeExpiry - now));
        var result = await _redis.SetAsync(key, envelope, timeToLive, OperationTimeout(options), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Log.InvalidationQueued(_logger, "SET", key, FailureName(result.Failure));
        }

        return result.Succeeded;
    }

    /// <summary>Writes a factory result to Redis without making the caller wait; every failure is logged, none thrown.</summary>
    private void WriteInBackground<T>(string key, T value, EntryTimes times, long now, ResilientCacheEntryOptions options)
    {
        var envelope = TryCreateEnvelope(key, value, times);
        if (envelope is not null)
        {
            _ = WriteEnvelopeAsync(key, envelope, times, now, options, CancellationToken.None).AsTask();
        }
    }
}
