using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ResilientCaching.AspNetCore.Tests.Registration;

/// <summary>AddResilientRedisCache in a real web host: options validated at start, no Redis needed to start.</summary>
public sealed class HostRegistrationTests
{
    [Fact]
    public async Task Invalid_settings_stop_the_app_at_start_with_a_message_naming_them()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ResilientCache:Configuration"] = "127.0.0.1:1",
            ["ResilientCache:OperationTimeout"] = "-00:00:01",
            ["ResilientCache:CircuitBreaker:FailureRatio"] = "3",
        });
        builder.Services.AddResilientRedisCache(builder.Configuration.GetSection("ResilientCache"));
        await using var app = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("ResilientCacheOptions.OperationTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ResilientCacheOptions.CircuitBreaker.FailureRatio", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_starts_and_serves_with_no_Redis_listening()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddResilientRedisCache(o => o.Configuration = "127.0.0.1:1");
        await using var app = builder.Build();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await app.StartAsync();
        started.Stop();

        var cache = app.Services.GetRequiredService<IResilientCache>();
        var value = await cache.GetOrSetAsync("k", _ => new ValueTask<string>("from source"));

        Assert.Equal("from source", value);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"start-up took {started.Elapsed.TotalMilliseconds:F0} ms with Redis down");
        await app.StopAsync();
    }

    [Fact]
    public void A_registered_multiplexer_is_reused()
    {
        var services = new ServiceCollection();
        var multiplexer = StackExchange.Redis.ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=100");
        services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(multiplexer);
        services.AddResilientRedisCache(_ => { });
        using var provider = services.BuildServiceProvider();

        var cache = (ResilientCaching.Caching.ResilientCache)provider.GetRequiredService<IResilientCache>();

        Assert.Equal("127.0.0.1:1", cache.RedisEndPoints);
        multiplexer.Dispose();
    }
}
