using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using ResilientCaching.Testing;
using StackExchange.Redis;

namespace ResilientCaching.AspNetCore.Tests.Registration;

/// <summary>Migrating from AddStackExchangeRedisCache is one line: the stock RedisCacheOptions are accepted as they are.</summary>
public sealed class RedisCacheOptionsMigrationTests : IAsyncLifetime
{
    private RedisServerNode _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisHarness.StartStandaloneAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    public static TheoryData<string> Variants() => ["Configuration", "ConfigurationOptions", "ConnectionMultiplexerFactory"];

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Stock_options_configure_the_resilient_IDistributedCache_with_the_instance_name_as_prefix(string variant)
    {
        var stock = new RedisCacheOptions { InstanceName = "legacy:" };
        switch (variant)
        {
            case "Configuration":
                stock.Configuration = _redis.ConnectionString;
                break;
            case "ConfigurationOptions":
                stock.ConfigurationOptions = ConfigurationOptions.Parse(_redis.ConnectionString);
                break;
            default:
                stock.ConnectionMultiplexerFactory = async () => await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
                break;
        }

        var services = new ServiceCollection();
        services.AddResilientRedisCache(stock);
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<IDistributedCache>();

        for (var i = 0; i < 100 && (await _redis.ExecuteAsync("EXISTS", "legacy:" + variant)).AsInt64() == 0; i++)
        {
            await cache.SetAsync(variant, [1, 2, 3], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
            await Task.Delay(50);
        }

        Assert.Equal(1, (await _redis.ExecuteAsync("EXISTS", "legacy:" + variant)).AsInt64());
        Assert.Equal([1, 2, 3], await cache.GetAsync(variant));
    }
}
