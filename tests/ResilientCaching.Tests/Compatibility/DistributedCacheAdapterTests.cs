using ResilientCaching.Tests.Infrastructure;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Compatibility;

/// <summary>The IDistributedCache adapter keeps the stock RedisCache's promises, against a real redis-server, and survives its death.</summary>
public sealed class DistributedCacheAdapterTests : IAsyncLifetime
{
    private RedisServerNode _node = null!;

    public async Task InitializeAsync() => _node = await RedisHarness.StartStandaloneAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Get_set_refresh_remove_are_byte_exact_and_shared_between_instances()
    {
        await using var a = await CreateAsync();
        await using var b = await CreateAsync();
        var cacheA = a.GetRequiredService<IDistributedCache>();
        var cacheB = b.GetRequiredService<IDistributedCache>();
        var bytes = new byte[4096];
        Random.Shared.NextBytes(bytes);

        await cacheA.SetAsync("dist:bytes", bytes, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
        bytes[0] ^= 0xFF; // mutating the caller's array must not change what is cached
        var read = await cacheB.GetAsync("dist:bytes");
        Assert.NotNull(read);
        Assert.Equal(bytes[1..], read![1..]);
        Assert.NotEqual(bytes[0], read[0]);
        read[1] ^= 0xFF; // nor mutating a returned array
        Assert.NotEqual(read[1], (await cacheB.GetAsync("dist:bytes"))![1]);

        await cacheA.SetAsync("dist:empty", [], new DistributedCacheEntryOptions());
        Assert.Empty((await cacheB.GetAsync("dist:empty"))!);

        await cacheA.RefreshAsync("dist:bytes");
        await cacheA.RemoveAsync("dist:bytes");
        Assert.Null(await cacheA.GetAsync("dist:bytes"));
        await WaitUntilAsync(async () => await cacheB.GetAsync("dist:bytes") is null);
        Assert.Null(await cacheA.GetAsync("dist:missing"));
        Assert.Null(cacheA.Get("dist:missing"));
    }

    [Fact]
    public async Task Absolute_and_sliding_expiration_behave_like_the_stock_cache()
    {
        await using var provider = await CreateAsync();
        var cache = provider.GetRequiredService<IDistributedCache>();

        await cache.SetAsync("dist:absolute", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(300) });
        await cache.SetAsync("dist:sliding", [2], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMilliseconds(600) });
        await cache.SetAsync("dist:capped", [3], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMilliseconds(600), AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(900) });

        // Reading a sliding entry keeps it alive past its window; the absolute cap still ends it.
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(250);
            Assert.NotNull(await cache.GetAsync("dist:sliding"));
            if (i < 2)
            {
                Assert.NotNull(await cache.GetAsync("dist:capped"));
            }
        }

        Assert.Null(await cache.GetAsync("dist:absolute"));
        Assert.Null(await cache.GetAsync("dist:capped"));
        await Task.Delay(800);
        Assert.Null(await cache.GetAsync("dist:sliding"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => cache.SetAsync("dist:past", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(-1) }));
    }

    [Fact]
    public async Task HybridCache_over_the_adapter_shares_values_and_keeps_working_with_Redis_killed()
    {
        await using var a = await CreateAsync(hybrid: true);
        await using var b = await CreateAsync(hybrid: true);
        var hybridA = a.GetRequiredService<HybridCache>();
        var hybridB = b.GetRequiredService<HybridCache>();
        var calls = 0;

        Assert.Equal("from source", await hybridA.GetOrCreateAsync("hybrid:post", _ => { calls++; return ValueTask.FromResult("from source"); }));
        await WaitUntilAsync(async () => await b.GetRequiredService<IDistributedCache>().GetAsync("hybrid:post") is not null);
        Assert.Equal("from source", await hybridB.GetOrCreateAsync("hybrid:post", _ => { calls++; return ValueTask.FromResult("second source call"); }));
        Assert.Equal(1, calls);

        await _node.KillAsync();
        try
        {
            Assert.Equal("from source", await hybridA.GetOrCreateAsync("hybrid:post", _ => ValueTask.FromResult("unexpected")));
            Assert.Equal("new", await hybridB.GetOrCreateAsync("hybrid:new", _ => ValueTask.FromResult("new")));
            await hybridA.SetAsync("hybrid:set", "written while down");
            Assert.Null(await a.GetRequiredService<IDistributedCache>().GetAsync("hybrid:never-set"));
        }
        finally
        {
            await _node.RestartAsync();
        }
    }

    private async Task<ServiceProvider> CreateAsync(bool hybrid = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddResilientRedisCache(o =>
        {
            o.Configuration = _node.ConnectionString;
            o.KeyPrefix = "dist:";
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500);
        });
        if (hybrid)
        {
            services.AddHybridCache();
        }

        var provider = services.BuildServiceProvider();
        await RedisReady.WaitAsync(provider.GetRequiredService<IResilientCache>());
        return provider;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(await condition());
    }
}
