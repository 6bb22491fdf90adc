using Microsoft.Extensions.DependencyInjection;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>The monitor's measured lag follows a real replication delay injected by the proxy.</summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ReplicaLagMeasurementTests(ReplicationFixture redis) : IClassFixture<ReplicationFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => redis.HealAsync();

    public Task DisposeAsync() => redis.HealAsync();

    [Fact]
    public async Task Measured_lag_matches_the_proxy_delay()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();
        var delayed = group.Replicas[0];
        var direct = group.Replicas[1];
        var delay = TimeSpan.FromMilliseconds(600);
        group.ProxyFor(delayed).SetDelay(delay);

        // Steady writes, so the master's offset moves continuously.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                await group.Master.ExecuteAsync("SET", "lag:writes", (i++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                await Task.Delay(10);
            }
        });

        await Task.Delay(1500);
        var delayedSamples = new List<double>();
        var directSamples = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            delayedSamples.Add(cache.StatusOf(delayed).Lag.TotalMilliseconds);
            directSamples.Add(cache.StatusOf(direct).Lag.TotalMilliseconds);
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await writer;

        var delayedMedian = Median(delayedSamples);
        var directMedian = Median(directSamples);
        Assert.InRange(delayedMedian, 400, 900);
        Assert.InRange(directMedian, 0, 200);
        Assert.True(cache.StatusOf(delayed).LagBytes >= 0);
    }

    [Fact]
    public async Task Supplied_multiplexer_without_admin_mode_is_monitored_through_ROLE()
    {
        var group = redis.Group;
        await using var multiplexer = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(group.ConnectionString);
        var services = new ServiceCollection();
        services.AddResilientRedisCache(o => o.TopologyMonitorInterval = TimeSpan.FromMilliseconds(100)).WithConnectionMultiplexer(_ => multiplexer);
        await using var provider = services.BuildServiceProvider();
        var view = provider.GetRequiredService<IRedisTopologyView>();
        _ = provider.GetRequiredService<IResilientCache>();

        await Eventually.TrueAsync(
            () => view.Current.Master is not null && view.Current.Replicas.Count(r => r.IsReachable && r.IsMasterLinkUp == true) == 2,
            TimeSpan.FromSeconds(10),
            "ROLE polling never showed the master and two linked replicas");
        Assert.Equal(group.Master.EndPoint, view.Current.Master!.EndPoint);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
