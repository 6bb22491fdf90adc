namespace ResilientCaching;

/// <summary>
/// A cache-aside cache over an in-process memory level (L1) and Redis (L2) that assumes Redis data may vanish at any time.
/// </summary>
/// <remarks>
/// <para>A Redis failure never reaches the caller: reads fall back to memory, stale values (fail-safe) and the factory;
/// writes degrade to memory only and report it in their result.</para>
/// <para>Registered as a singleton by <c>AddResilientRedisCache</c>. All members are thread-safe.</para>
/// </remarks>
public interface IResilientCache
{
    /// <summary>
    /// Gets the value cached under <paramref name="key"/>, or runs <paramref name="factory"/> against the source of truth,
    /// caches its result and returns it. Concurrent misses for one key in this process share one factory call.
    /// </summary>
    /// <typeparam name="T">The type of the cached value.</typeparam>
    /// <param name="key">The cache key. Must not be empty or longer than <see cref="ResilientCacheOptions.MaxKeyLength"/>.</param>
    /// <param name="factory">Loads the value from the source of truth. Receives a token cancelled at the factory hard timeout.</param>
    /// <param name="options">Per-entry options; <see langword="null"/> uses <see cref="ResilientCacheOptions.DefaultEntryOptions"/>.</param>
    /// <param name="cancellationToken">Cancels the caller's wait. A factory call shared with other callers keeps running for them.</param>
    /// <returns>The cached, refreshed or (when the factory fails and fail-safe allows it) stale value.</returns>
    /// <exception cref="ArgumentException">The key is empty or too long, or the options are invalid.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <remarks>Only when the factory fails and no stale value is available does the factory's exception reach the caller.</remarks>
    ValueTask<T> GetOrSetAsync<T>(
        string key,
        Func<CancellationToken, ValueTask<T>> factory,
        ResilientCacheEntryOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="GetOrSetAsync{T}(string, Func{CancellationToken, ValueTask{T}}, ResilientCacheEntryOptions?, CancellationToken)"/>,
    /// with a state argument passed to the factory so that hot paths need no closure.
    /// </summary>
    /// <typeparam name="TState">The type of the state passed to the factory.</typeparam>
    /// <typeparam name="T">The type of the cached value.</typeparam>
    /// <param name="key">The cache key.</param>
    /// <param name="state">The state passed to <paramref name="factory"/>.</param>
    /// <param name="factory">Loads the value from the source of truth.</param>
    /// <param name="options">Per-entry options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels the caller's wait.</param>
    /// <returns>The cached, refreshed or stale value.</returns>
    ValueTask<T> GetOrSetAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        ResilientCacheEntryOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Looks <paramref name="key"/> up in memory, then in Redis, without calling any factory.</summary>
    /// <typeparam name="T">The type of the cached value.</typeparam>
    /// <param name="key">The cache key.</param>
    /// <param name="options">Per-entry options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A lookup that says whether a fresh value was found, and where.</returns>
    ValueTask<CacheLookup<T>> TryGetAsync<T>(
        string key,
        ResilientCacheEntryOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> in memory and in Redis, and tells other app instances to drop their memory copy.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="key">The cache key.</param>
    /// <param name="value">The value to cache.</param>
    /// <param name="options">Per-entry options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether Redis has the value (<see cref="CacheWriteStatus.Written"/>) or only this process does.</returns>
    /// <remarks>Never throws because of Redis; a failed Redis write is reported in the result.</remarks>
    ValueTask<CacheWriteResult> SetAsync<T>(
        string key,
        T value,
        ResilientCacheEntryOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="key"/> from memory and Redis, and from the memory of other app instances.</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="options">Per-entry options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether Redis applied the removal or only this process did.</returns>
    ValueTask<CacheWriteResult> RemoveAsync(
        string key,
        ResilientCacheEntryOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Invalidates every entry carrying <paramref name="tag"/> (<see cref="ResilientCacheEntryOptions.Tags"/>), in this
    /// process, in Redis and in every other app instance. Entries written after the call are not affected.
    /// </summary>
    /// <param name="tag">The tag.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether Redis recorded the invalidation; otherwise it holds in this process and is replayed once Redis answers.</returns>
    /// <remarks>
    /// Tag invalidation is a timestamp per tag, checked on every read in memory, so a read stays one Redis round trip
    /// on every topology (Cluster included: no multi-key bookkeeping). App clocks should be in sync (NTP).
    /// </remarks>
    ValueTask<CacheWriteResult> RemoveByTagAsync(string tag, CancellationToken cancellationToken = default);
}
