namespace ResilientCaching.Tests.Infrastructure;

/// <summary>Waits until a cache really writes to Redis (it connects in the background), so cross-instance assertions hold.</summary>
internal static class RedisReady
{
    public static Task WaitAsync(IResilientCache cache, TimeSpan? timeout = null) => Eventually.TrueAsync(
        async () => (await cache.SetAsync("__probe", 1)).IsWrittenToRedis,
        timeout ?? TimeSpan.FromSeconds(10),
        "the cache never wrote to Redis");
}
