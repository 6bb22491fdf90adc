using System.Buffers.Binary;
using Microsoft.Extensions.Caching.Distributed;

namespace ResilientCaching.Caching;

/// <summary>
/// <see cref="IDistributedCache"/> over the resilient cache, so HybridCache, session and other consumers get the same
/// resilience: never throws because of Redis, serves from memory while Redis is away. Absolute and sliding expiration
/// as the stock <c>RedisCache</c> defines them; byte-exact values (stored raw, copied in and out so callers cannot
/// mutate what the cache holds).
/// </summary>
/// <remarks>
/// The stored value is a 16-byte prefix (sliding window ms, absolute expiry Unix ms; 0 = none) and the caller's bytes.
/// A read of a sliding entry extends it by writing it again with a new expiry. The synchronous methods wait for the
/// asynchronous ones; prefer the asynchronous methods.
/// </remarks>
internal sealed class ResilientDistributedCache(IResilientCache cache, TimeProvider time) : IDistributedCache
{
    private const int PrefixSize = 16;

    /// <summary>Entries with no expiration at all live this long (the stock cache keeps them until evicted).</summary>
    private static readonly TimeSpan s_noExpiration = TimeSpan.FromDays(365);

    private static readonly ResilientCacheEntryOptions s_base = ResilientCacheEntryOptions.Default.WithFailSafe(false);

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var lookup = await cache.TryGetAsync<byte[]>(key, s_base, token).ConfigureAwait(false);
        if (lookup.Value is not { Length: >= PrefixSize } stored)
        {
            return null;
        }

        await SlideAsync(key, stored, token).ConfigureAwait(false);
        return stored.AsSpan(PrefixSize).ToArray();
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = time.GetUtcNow();
        var absolute = options.AbsoluteExpiration ?? (now + options.AbsoluteExpirationRelativeToNow);
        if (absolute is { } a && a <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), a, "The absolute expiration value must be in the future.");
        }

        var stored = new byte[PrefixSize + value.Length];
        BinaryPrimitives.WriteInt64LittleEndian(stored, (long)(options.SlidingExpiration?.TotalMilliseconds ?? 0));
        BinaryPrimitives.WriteInt64LittleEndian(stored.AsSpan(8), absolute?.ToUnixTimeMilliseconds() ?? 0);
        value.CopyTo(stored, PrefixSize);
        await cache.SetAsync(key, stored, EntryOptions(stored, now), token).ConfigureAwait(false);
    }

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        var lookup = await cache.TryGetAsync<byte[]>(key, s_base, token).ConfigureAwait(false);
        if (lookup.Value is { Length: >= PrefixSize } stored)
        {
            await SlideAsync(key, stored, token).ConfigureAwait(false);
        }
    }

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public async Task RemoveAsync(string key, CancellationToken token = default)
        => await cache.RemoveAsync(key, cancellationToken: token).ConfigureAwait(false);

    private static ResilientCacheEntryOptions EntryOptions(byte[] stored, DateTimeOffset now)
    {
        var sliding = BinaryPrimitives.ReadInt64LittleEndian(stored);
        var absolute = BinaryPrimitives.ReadInt64LittleEndian(stored.AsSpan(8));
        var untilAbsolute = absolute == 0 ? s_noExpiration : DateTimeOffset.FromUnixTimeMilliseconds(absolute) - now;
        var duration = sliding > 0 ? TimeSpan.FromMilliseconds(Math.Min(sliding, untilAbsolute.TotalMilliseconds)) : untilAbsolute;
        return s_base.WithDuration(duration > TimeSpan.Zero ? duration : TimeSpan.FromMilliseconds(1));
    }

    /// <summary>A sliding entry was read: it lives another window (never past its absolute expiry).</summary>
    private async Task SlideAsync(string key, byte[] stored, CancellationToken token)
    {
        if (BinaryPrimitives.ReadInt64LittleEndian(stored) > 0)
        {
            await cache.SetAsync(key, stored, EntryOptions(stored, time.GetUtcNow()), token).ConfigureAwait(false);
        }
    }
}
