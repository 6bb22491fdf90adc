using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using ResilientCaching;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace ResilientCaching.Benchmarks;

/// <summary>
/// The cached value: a blog post of about 400 bytes of JSON. Sealed and [ImmutableObject(true)] so that HybridCache
/// may hand out the cached instance instead of deserializing a copy on every L1 hit (its documented fast path);
/// FusionCache (auto-clone off by default) and ours hand out the cached instance as well.
/// </summary>
[ImmutableObject(true)]
public sealed record Payload(long Id, string Title, string Author, string Body, int Likes, DateTimeOffset PublishedAt);

public static class Data
{
    public static readonly Payload Sample = new(
        42,
        "Why the cache must not be the outage",
        "ada",
        string.Concat(Enumerable.Repeat("Redis data vanishes; masters die; connections freeze. ", 6)),
        1234,
        new DateTimeOffset(2025, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>System.Text.Json web defaults: what our default serializer uses, so every peer pays the same JSON cost.</summary>
    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static byte[] Serialize(Payload value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    public static Payload Deserialize(ReadOnlySpan<byte> bytes) => JsonSerializer.Deserialize<Payload>(bytes, Json)!;

    /// <summary>Entries stay fresh far longer than any run.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromHours(1);
}

/// <summary>Builds each peer the way its documentation shows, with the same Redis and the same JSON options.</summary>
public static class Peers
{
    public static (ServiceProvider Services, IResilientCache Cache) Ours(string? configuration, Action<ResilientCacheOptions>? configure = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddResilientRedisCache(o =>
        {
            o.Configuration = configuration;
            o.KeyPrefix = "rc:";
            o.DefaultEntryOptions = ResilientCacheEntryOptions.Default.WithDuration(Data.Duration);
            configure?.Invoke(o);
        });
        if (configuration is null)
        {
            builder.WithoutRedis();
        }

        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<IResilientCache>());
    }

    /// <summary>Waits until our cache writes to Redis (it connects in the background).</summary>
    public static async Task WaitUntilWrittenAsync(IResilientCache cache, string key, Payload value, ResilientCacheEntryOptions? options = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await cache.SetAsync(key, value, options)).Status != CacheWriteStatus.Written)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("ResilientCache did not reach Redis within 15 s.");
            }

            await Task.Delay(50);
        }
    }

    public static RedisCache RedisCache(string configuration, string instanceName) =>
        new(new RedisCacheOptions { Configuration = configuration, InstanceName = instanceName });

    public static FusionCache Fusion(IDistributedCache? l2 = null, Action<FusionCacheOptions>? configure = null)
    {
        var options = new FusionCacheOptions
        {
            DefaultEntryOptions = new FusionCacheEntryOptions { Duration = Data.Duration },
        };
        configure?.Invoke(options);
        var cache = new FusionCache(options);
        if (l2 is not null)
        {
            cache.SetupDistributedCache(l2, new FusionCacheSystemTextJsonSerializer(Data.Json));
        }

        return cache;
    }

    public static (ServiceProvider Services, HybridCache Cache) Hybrid(string? redisConfiguration)
    {
        var services = new ServiceCollection();
        if (redisConfiguration is not null)
        {
            services.AddStackExchangeRedisCache(o =>
            {
                o.Configuration = redisConfiguration;
                o.InstanceName = "hc:";
            });
        }

        services.AddHybridCache(o => o.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = Data.Duration, LocalCacheExpiration = Data.Duration });
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<HybridCache>());
    }
}
