using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResilientCaching.Testing;

namespace ResilientCaching.AspNetCore.Tests.HealthChecks;

/// <summary>Healthy with Redis, Degraded when it goes away, Unhealthy only when Redis is required.</summary>
public sealed class ResilientCacheHealthCheckTests
{
    [Fact]
    public async Task Reports_healthy_then_degraded_when_Redis_is_killed_and_unhealthy_only_when_required()
    {
        await using var node = await RedisHarness.StartStandaloneAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddResilientRedisCache(o => o.Configuration = node.ConnectionString);
        services.AddHealthChecks()
            .AddResilientRedisCache("optional")
            .AddResilientRedisCache("required", o => o.RequireRedis = true);
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<IResilientCache>();
        var health = provider.GetRequiredService<HealthCheckService>();

        await WaitForAsync(async () => (await cache.SetAsync("probe", 1)).IsWrittenToRedis);
        var up = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, up.Entries["optional"].Status);
        Assert.Equal(HealthStatus.Healthy, up.Entries["required"].Status);

        await node.KillAsync();
        await WaitForAsync(async () => (await health.CheckHealthAsync()).Entries["optional"].Status == HealthStatus.Degraded);
        var down = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, down.Entries["optional"].Status);
        Assert.Equal(HealthStatus.Unhealthy, down.Entries["required"].Status);
        Assert.Equal(7, await cache.GetOrSetAsync("still-serving", _ => new ValueTask<int>(7)));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the condition never held within 10 s");
    }
}
