namespace ResilientCaching.Tests.Infrastructure;

/// <summary>Waits until a cache really writes to Redis (it connects in the background), so cross-instance assertions hold.</summary>
internal static class RedisReady
{
    public static Task WaitAsync(IResilientCache cache, TimeSpan? timeout = null) => Eventually.TrueAsync(
        async () => (await cache.SetAsync("__probe", 1)).IsWrittenToRedis,
        timeout ?? TimeSpan.FromSeconds(10),
        "the cache never wrote to Redis");

    /// <summary>
    /// A set-up write that must reach Redis. With the default 100 ms operation timeout a write can time out on a loaded
    /// two-core machine running other tests' Redis processes; set-up simply makes it again.
    /// </summary>
    public static Task SetAsync<T>(IResilientCache cache, string key, T value, ResilientCacheEntryOptions? options = null) => Eventually.TrueAsync(
        async () => (await cache.SetAsync(key, value, options)).IsWrittenToRedis,
        TimeSpan.FromSeconds(5),
        $"the set-up write of '{key}' never reached Redis");
}
