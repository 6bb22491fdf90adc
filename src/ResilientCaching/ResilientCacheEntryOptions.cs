using ResilientCaching.Caching;

namespace ResilientCaching;

/// <summary>
/// Options for one cache entry: how long it is fresh, how long it may be served stale, and how long the factory
/// and Redis may take. Immutable; derive variants with the <c>With*</c> methods or a <see langword="with"/> expression.
/// </summary>
public sealed record ResilientCacheEntryOptions
{
    /// <summary>Gets the shared default instance.</summary>
    public static ResilientCacheEntryOptions Default { get; } = new();

    /// <summary>Gets how long a value stays fresh after it is written. Default 5 minutes.</summary>
    public TimeSpan Duration { get; init; } = ResilientCacheDefaults.Duration;

    /// <summary>
    /// Gets how long a value stays fresh in this process's memory, when shorter than <see cref="Duration"/>;
    /// <see langword="null"/> uses <see cref="Duration"/>. A short L1 duration bounds how stale a copy can be when an
    /// invalidation message from another instance is lost.
    /// </summary>
    public TimeSpan? L1Duration { get; init; }

    /// <summary>Gets a value indicating whether an expired value may be served when the factory fails or times out. Default <see langword="true"/>.</summary>
    public bool IsFailSafeEnabled { get; init; } = true;

    /// <summary>Gets how long after it was written a value may still be served stale. Default 1 hour.</summary>
    public TimeSpan FailSafeMaxDuration { get; init; } = ResilientCacheDefaults.FailSafeMaxDuration;

    /// <summary>
    /// Gets how long a stale value served after a factory failure is treated as fresh in memory, so a failing source
    /// of truth is not called on every request. Default 30 seconds.
    /// </summary>
    public TimeSpan FailSafeThrottleDuration { get; init; } = ResilientCacheDefaults.FailSafeThrottleDuration;

    /// <summary>
    /// Gets how long the caller waits for the factory when a stale value is available; after it the stale value is
    /// returned and the factory completes in the background. <see langword="null"/> (default) waits for the hard timeout.
    /// </summary>
    public TimeSpan? FactorySoftTimeout { get; init; }

    /// <summary>
    /// Gets how long the factory may run at all; after it the factory's token is cancelled and the stale value (or a
    /// <see cref="TimeoutException"/>) is returned. <see langword="null"/> (default) means no limit.
    /// </summary>
    public TimeSpan? FactoryHardTimeout { get; init; }

    /// <summary>Gets the Redis operation timeout for this entry; <see langword="null"/> uses <see cref="ResilientCacheOptions.OperationTimeout"/>.</summary>
    public TimeSpan? RedisOperationTimeout { get; init; }

    /// <summary>Gets which node may serve this entry's Redis reads. Default <see cref="ResilientCaching.ReadPreference.Master"/>.</summary>
    public ReadPreference ReadPreference { get; init; } = ReadPreference.Master;

    /// <summary>Gets the largest measured replication lag a replica may have to serve a read. Default 1 second.</summary>
    public TimeSpan MaxReplicaLag { get; init; } = ResilientCacheDefaults.MaxReplicaLag;

    /// <summary>
    /// Gets a read-your-writes token: reads are served only by nodes that reached it. Combined with the ambient
    /// <see cref="ConsistencyScope"/> (the newer wins). Default none.
    /// </summary>
    public ConsistencyToken? ConsistencyToken { get; init; }

    /// <summary>Gets how far <c>SetAsync</c> / <c>RemoveAsync</c> wait for the write to reach. Default <see cref="WriteDurability.Master"/>.</summary>
    public WriteDurability Durability { get; init; } = WriteDurability.Master;

    /// <summary>
    /// Gets the tags of entries written with these options; <see cref="IResilientCache.RemoveByTagAsync"/> invalidates
    /// every entry carrying a tag. Default none.
    /// </summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Returns a copy whose entries carry <paramref name="tags"/>.</summary>
    /// <param name="tags">The tags.</param>
    /// <returns>A new options instance.</returns>
    public ResilientCacheEntryOptions WithTags(params string[] tags) => this with { Tags = tags };

    /// <summary>Returns a copy that reads from replicas.</summary>
    /// <param name="preference">The read preference.</param>
    /// <param name="maxLag">The largest replica lag accepted; <see langword="null"/> keeps the current value.</param>
    /// <returns>A new options instance.</returns>
    public ResilientCacheEntryOptions WithReadPreference(ReadPreference preference, TimeSpan? maxLag = null) => this with
    {
        ReadPreference = preference,
        MaxReplicaLag = maxLag ?? MaxReplicaLag,
    };

    /// <summary>Returns a copy whose reads see at least the write that produced <paramref name="token"/>.</summary>
    /// <param name="token">The token of a write.</param>
    /// <returns>A new options instance.</returns>
    public ResilientCacheEntryOptions WithConsistencyToken(ConsistencyToken? token) => this with { ConsistencyToken = token };

    /// <summary>Returns a copy with <see cref="Durability"/> set.</summary>
    /// <param name="durability">The write durability.</param>
    /// <returns>A new options instance.</returns>
    public ResilientCacheEntryOptions WithDurability(WriteDurability durability) => this with { Durability = durability };

    /// <summary>Returns a copy with <see cref="Duration"/> set.</summary>
    /// <param name="duration">How long a value stays fresh.</param>
    /// <returns>A new options instance.</returns>
    public ResilientCacheEntryOptions WithDuration(TimeSpan duration) => this with { Duration = duration };

    /// <summary>Returns a copy with <see cref="L1Duration"/> set.</summary>
    /// <param name="l1Duration">How long a value stays fresh in memory.</param>
    /// <returns>A new options instance.</returns>
    public ResilientCacheEntryOptions WithL1Duration(TimeSpan? l1Duration) => this with { L1Duration = l1Duration };

    /// <summary>Returns a copy with the fail-safe settings set.</summary>
    /// <param name="enabled">Whether stale values may be served.</param>
    /// <param name="maxDuration">How long a value may be served stale; <see langword="null"/> keeps the current value.</param>
    /// <param name="throttleDuration">How long a stale value served after a failure is reused; <see langword="null"/> keeps the current value.</param>
    /// <returns>A new options instance.</returns>
    public ResilientCacheEntryOptions WithFailSafe(bool enabled, TimeSpan? maxDuration = null, TimeSpan? throttleDuration = null) => this with
    {
        IsFailSafeEnabled = enabled,
        FailSafeMaxDuration = maxDuration ?? FailSafeMaxDuration,
        FailSafeThrottleDuration = throttleDuration ?? FailSafeThrottleDuration,
    };

    /// <summary>Returns a copy with the factory timeouts set.</summary>
    /// <param name="softTimeout">The soft timeout (applies when a stale value is available).</param>
    /// <param name="hardTimeout">The hard timeout.</param>
    /// <returns>A new options instance.</returns>
    public ResilientCacheEntryOptions WithFactoryTimeouts(TimeSpan? softTimeout, TimeSpan? hardTimeout) => this with
    {
        FactorySoftTimeout = softTimeout,
        FactoryHardTimeout = hardTimeout,
    };

    /// <summary>Returns a copy with <see cref="RedisOperationTimeout"/> set.</summary>
    /// <param name="timeout">The Redis operation timeout.</param>
    /// <returns>A new options instance.</returns>
    public ResilientCacheEntryOptions WithRedisOperationTimeout(TimeSpan? timeout) => this with { RedisOperationTimeout = timeout };

    /// <summary>Returns the first problem with these options, naming the setting, or <see langword="null"/>.</summary>
    /// <param name="prefix">The name under which these options are configured, for the message.</param>
    /// <returns>An error message or <see langword="null"/>.</returns>
    internal string? Validate(string prefix)
    {
        if (Duration <= TimeSpan.Zero)
        {
            return $"{prefix}{nameof(Duration)} must be greater than zero (was {Duration}).";
        }

        if (L1Duration is { } l1 && l1 <= TimeSpan.Zero)
        {
            return $"{prefix}{nameof(L1Duration)} must be greater than zero when set (was {l1}).";
        }

        if (IsFailSafeEnabled && FailSafeMaxDuration < Duration)
        {
            return $"{prefix}{nameof(FailSafeMaxDuration)} ({FailSafeMaxDuration}) must be at least {nameof(Duration)} ({Duration}) when fail-safe is enabled.";
        }

        if (IsFailSafeEnabled && FailSafeThrottleDuration <= TimeSpan.Zero)
        {
            return $"{prefix}{nameof(FailSafeThrottleDuration)} must be greater than zero (was {FailSafeThrottleDuration}).";
        }

        if (FactorySoftTimeout is { } soft && soft <= TimeSpan.Zero)
        {
            return $"{prefix}{nameof(FactorySoftTimeout)} must be greater than zero when set (was {soft}).";
        }

        if (FactoryHardTimeout is { } hard && hard <= TimeSpan.Zero)
        {
            return $"{prefix}{nameof(FactoryHardTimeout)} must be greater than zero when set (was {hard}).";
        }

        if (FactorySoftTimeout is { } s && FactoryHardTimeout is { } h && s > h)
        {
            return $"{prefix}{nameof(FactorySoftTimeout)} ({s}) must not exceed {nameof(FactoryHardTimeout)} ({h}).";
        }

        if (RedisOperationTimeout is { } op && op <= TimeSpan.Zero)
        {
            return $"{prefix}{nameof(RedisOperationTimeout)} must be greater than zero when set (was {op}).";
        }

        if (MaxReplicaLag < TimeSpan.Zero)
        {
            return $"{prefix}{nameof(MaxReplicaLag)} must not be negative (was {MaxReplicaLag}).";
        }

        if (Tags is { } tags && (tags.Count > Storage.CacheEnvelope.MaxTags || tags.Any(t => string.IsNullOrEmpty(t) || System.Text.Encoding.UTF8.GetByteCount(t) > 1024)))
        {
            return $"{prefix}{nameof(Tags)} must hold at most {Storage.CacheEnvelope.MaxTags} tags, each non-empty and at most 1024 UTF-8 bytes.";
        }

        if (Durability is null)
        {
            return $"{prefix}{nameof(Durability)} must not be null.";
        }

        return null;
    }
}
