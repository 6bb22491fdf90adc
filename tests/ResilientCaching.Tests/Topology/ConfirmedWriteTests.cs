using System.Diagnostics;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>Writes confirmed with Redis WAIT: the seed's push-notification race, against real replicas.</summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ConfirmedWriteTests(ReplicationFixture redis) : IClassFixture<ReplicationFixture>, IAsyncLifetime
{
    private static readonly ResilientCacheEntryOptions s_confirmed = ResilientCacheEntryOptions.Default
        .WithDurability(WriteDurability.Replicas(1, TimeSpan.FromMilliseconds(500)));

    public Task InitializeAsync() => redis.HealAsync();

    public Task DisposeAsync() => redis.HealAsync();

    [Fact]
    public async Task Healthy_replication_acknowledges_and_a_replica_has_the_post_right_after()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();

        var write = await cache.Cache.SetAsync("post:push", new Post(7, "popular post", 0), s_confirmed);

        Assert.Equal(CacheWriteStatus.Written, write.Status);
        Assert.True(write.ReplicasAcknowledged >= 1, $"acknowledged by {write.ReplicasAcknowledged}");

        // The notification can go out: at least one replica serves the post now, without waiting.
        var onReplicas = await Task.WhenAll(group.Replicas.Select(r => r.ExecuteAsync("EXISTS", "test:post:push")));
        Assert.Contains(onReplicas, r => r.AsInt64() == 1);
    }

    [Fact]
    public async Task Held_replication_reports_zero_within_the_timeout_and_never_throws()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();
        foreach (var replica in group.Replicas)
        {
            group.ProxyFor(replica).Hold();
        }

        var watch = Stopwatch.StartNew();
        var write = await cache.Cache.SetAsync("post:deferred", new Post(8, "not yet replicated", 0), s_confirmed);
        watch.Stop();

        Assert.Equal(CacheWriteStatus.Written, write.Status);
        Assert.Equal(0, write.ReplicasAcknowledged);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(500 + 700), $"WAIT 500 ms took {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(450), $"WAIT returned after {watch.Elapsed.TotalMilliseconds:F0} ms: it did not wait");

        // The master has it; the caller defers the notification until replicas catch up.
        Assert.Equal(1, (await group.Master.ExecuteAsync("EXISTS", "test:post:deferred")).AsInt64());
    }

    [Fact]
    public async Task Confirmed_removal_reports_acknowledgements_too()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();
        await cache.Cache.SetAsync("post:gone", 1);

        var removal = await cache.Cache.RemoveAsync("post:gone", s_confirmed);

        Assert.True(removal.ReplicasAcknowledged >= 1);
        var onReplicas = await Task.WhenAll(group.Replicas.Select(r => r.ExecuteAsync("EXISTS", "test:post:gone")));
        Assert.Contains(onReplicas, r => r.AsInt64() == 0);
    }

    [Fact]
    public async Task Fire_and_forget_returns_sent_and_reaches_Redis()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();

        var write = await cache.Cache.SetAsync("post:fire", 1, ResilientCacheEntryOptions.Default.WithDurability(WriteDurability.FireAndForget));

        Assert.Equal(CacheWriteStatus.Sent, write.Status);
        await Eventually.TrueAsync(async () => (await group.Master.ExecuteAsync("EXISTS", "test:post:fire")).AsInt64() == 1, TimeSpan.FromSeconds(2), "the fire-and-forget write never arrived");
    }

    [Fact]
    public void Durability_rejects_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WriteDurability.Replicas(0, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => WriteDurability.Replicas(1, TimeSpan.Zero));
    }
}
