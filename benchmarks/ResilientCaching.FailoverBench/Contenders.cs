using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace ResilientCaching.FailoverBench;

/// <summary>The cached value. <see cref="Version"/> is the source-of-truth version it was read at (stale-read detection).</summary>
public sealed record Payload(string Key, long Version, string Body);

/// <summary>One cache under test: a cache-aside read and a write of a new value.</summary>
public interface IContender : IAsyncDisposable
{
    string Name { get; }

    Task<Payload> ReadAsync(string key, Func<CancellationToken, Task<Payload>> source);

    /// <summary>Writes the new value; true when it is known to have reached Redis.</summary>
    Task<bool> WriteAsync(string key, Payload value);
}

internal static class Json
{
    public static readonly JsonSerializerOptions Options = JsonSerializerOptions.Web;

    public static byte[] Serialize(Payload value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static Payload Deserialize(byte[] bytes) => JsonSerializer.Deserialize<Payload>(bytes, Options)!;
}

/// <summary>Ours, over the Sentinels, with a 100 ms operation timeout; everything else default.</summary>
internal sealed class OursContender : IContender
{
    private readonly ServiceProvider _services;
    private readonly IResilientCache _cache;

    public OursContender(string sentinelConnectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddResilientRedisCache(o =>
        {
            o.Configuration = sentinelConnectionString;
            o.OperationTimeout = TimeSpan.FromMilliseconds(100);
        });
        _services = services.BuildServiceProvider();
        _cache = _services.GetRequiredService<IResilientCache>();
    }

    public string Name => "ResilientCache (Sentinel)";

    public async Task<Payload> ReadAsync(string key, Func<CancellationToken, Task<Payload>> source) =>
        await _cache.GetOrSetAsync(key, async ct => await source(ct));

    public async Task<bool> WriteAsync(string key, Payload value) => (await _cache.SetAsync(key, value)).IsWrittenToRedis;

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>Naive cache-aside over RedisCache pointed at the initial master: get, on a miss read the source, set.</summary>
internal sealed class NaiveContender(string masterConnectionString) : IContender
{
    private readonly RedisCache _redis = new(new RedisCacheOptions { Configuration = masterConnectionString, InstanceName = "naive:" });

    public string Name => "Naive RedisCache (master)";

    public async Task<Payload> ReadAsync(string key, Func<CancellationToken, Task<Payload>> source)
    {
        var bytes = await _redis.GetAsync(key);
        if (bytes is not null)
        {
            return Json.Deserialize(bytes);
        }

        var value = await source(CancellationToken.None);
        await _redis.SetAsync(key, Json.Serialize(value), new DistributedCacheEntryOptions());
        return value;
    }

    public async Task<bool> WriteAsync(string key, Payload value)
    {
        await _redis.SetAsync(key, Json.Serialize(value), new DistributedCacheEntryOptions());
        return true;
    }

    public ValueTask DisposeAsync()
    {
        _redis.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// FusionCache 2.9.0: fail-safe on, RedisCache (pointed at the initial master) as L2, 100 ms distributed-cache
/// soft and hard timeouts; everything else default. L2 wrapped to observe which explicit writes reached Redis.
/// </summary>
internal sealed class FusionContender : IContender
{
    private readonly RedisCache _redis;
    private readonly ObservedDistributedCache _l2;
    private readonly FusionCache _fusion;

    public FusionContender(string masterConnectionString)
    {
        _redis = new RedisCache(new RedisCacheOptions { Configuration = masterConnectionString, InstanceName = "fusion:" });
        _l2 = new ObservedDistributedCache(_redis);
        var options = new FusionCacheOptions();
        options.DefaultEntryOptions.IsFailSafeEnabled = true;
        options.DefaultEntryOptions.DistributedCacheSoftTimeout = TimeSpan.FromMilliseconds(100);
        options.DefaultEntryOptions.DistributedCacheHardTimeout = TimeSpan.FromMilliseconds(100);
        _fusion = new FusionCache(options);
        _fusion.SetupDistributedCache(_l2, new FusionCacheSystemTextJsonSerializer(Json.Options));
    }

    public string Name => "FusionCache (fail-safe, L2 master)";

    public async Task<Payload> ReadAsync(string key, Func<CancellationToken, Task<Payload>> source) =>
        await _fusion.GetOrSetAsync<Payload>(key, async (_, ct) => await source(ct));

    public async Task<bool> WriteAsync(string key, Payload value)
    {
        var box = new StrongBox();
        ObservedDistributedCache.CurrentWrite.Value = box;
        try
        {
            await _fusion.SetAsync(key, value);
        }
        finally
        {
            ObservedDistributedCache.CurrentWrite.Value = null;
        }

        return box.Written;
    }

    public ValueTask DisposeAsync()
    {
        _fusion.Dispose();
        _redis.Dispose();
        return ValueTask.CompletedTask;
    }
}

internal sealed class StrongBox
{
    public volatile bool Written;
}

/// <summary>Passes everything through; marks the current explicit write when its L2 set completed without throwing.</summary>
internal sealed class ObservedDistributedCache(IDistributedCache inner) : IDistributedCache
{
    public static readonly AsyncLocal<StrongBox?> CurrentWrite = new();

    public byte[]? Get(string key) => inner.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

    public void Refresh(string key) => inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

    public void Remove(string key) => inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        var box = CurrentWrite.Value;
        inner.Set(key, value, options);
        box?.Written = true;
    }

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var box = CurrentWrite.Value;
        await inner.SetAsync(key, value, options, token);
        box?.Written = true;
    }
}
