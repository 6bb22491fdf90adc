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

    [Fact]
    public async Task Reports_degraded_when_the_master_is_down_and_replicas_serve()
    {
        await using var group = await RedisHarness.StartReplicationAsync(replicas: 2);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddResilientRedisCache(o =>
        {
            o.Configuration = group.ConnectionString;
            o.TopologyMonitorInterval = TimeSpan.FromMilliseconds(100);
        });
        services.AddHealthChecks().AddResilientRedisCache(configure: o => o.MaxReplicaLag = TimeSpan.FromMilliseconds(500));
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<IResilientCache>();
        var view = provider.GetRequiredService<IRedisTopologyView>();
        var health = provider.GetRequiredService<HealthCheckService>();
        await WaitForAsync(() => Task.FromResult(view.Current.Master is not null && view.Current.Replicas.Count() == 2));
        await cache.SetAsync("post:1", "cached");
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        // A lagging replica degrades the report.
        var proxy = group.ProxyFor(group.Replicas[0]);
        proxy.Hold();
        await WaitForAsync(async () =>
        {
            await cache.SetAsync("tick", Guid.NewGuid().ToString());
            return (await health.CheckHealthAsync()).Entries["resilient-cache"].Description?.Contains("lagging", StringComparison.Ordinal) == true;
        });
        proxy.Release();
        await WaitForAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Healthy);

        await group.Master.KillAsync();

        await WaitForAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Degraded);
        var report = await health.CheckHealthAsync();
        Assert.Contains("master is unreachable", report.Entries["resilient-cache"].Description, StringComparison.Ordinal);
        Assert.Equal("cached", (await cache.TryGetAsync<string>("post:1")).Value);
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
