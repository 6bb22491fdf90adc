using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>Replica reads gated by measured lag, against a real master and two proxied replicas.</summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ReplicaLagRoutingTests(ReplicationFixture redis) : IClassFixture<ReplicationFixture>, IAsyncLifetime
{
    private static readonly ResilientCacheEntryOptions s_replicaReads = ResilientCacheEntryOptions.Default
        .WithReadPreference(ReadPreference.PreferReplica, TimeSpan.FromMilliseconds(500));

    public Task InitializeAsync() => redis.HealAsync();

    public Task DisposeAsync() => redis.HealAsync();

    [Fact]
    public async Task Held_replication_sends_reads_to_the_master_and_release_brings_them_back_to_the_replicas()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();
        await cache.Cache.SetAsync("routing:key", "v1");

        // Without a token, a replica within the bound may not have a write made milliseconds ago: let it arrive first.
        await group.WaitForReplicationAsync();

        // Healthy: replicas within the bound serve the reads, spread over both.
        await Eventually.TrueAsync(() => group.Replicas.All(r => cache.StatusOf(r).Lag < TimeSpan.FromMilliseconds(200) && cache.StatusOf(r).ReplicationOffset > 0), TimeSpan.FromSeconds(5), "replicas never looked healthy");
        var served = await ServedByAsync(cache, "routing:key", "v1", reads: 20);
        Assert.Equal(0, served.Master);
        Assert.All(served.Replicas, calls => Assert.True(calls > 0, "a healthy replica served no read"));

        // Held: lag grows past the bound on both replicas; every read goes to the master and sees the new value.
        foreach (var replica in group.Replicas)
        {
            group.ProxyFor(replica).Hold();
        }

        await cache.Cache.SetAsync("routing:key", "v2");
        await Eventually.TrueAsync(
            async () =>
            {
                await group.Master.ExecuteAsync("SET", "routing:tick", Guid.NewGuid().ToString());
                return group.Replicas.All(r => cache.StatusOf(r).Lag > TimeSpan.FromMilliseconds(500));
            },
            TimeSpan.FromSeconds(10),
            "the measured lag never passed the bound while replication was held");
        served = await ServedByAsync(cache, "routing:key", "v2", reads: 20);
        Assert.Equal(20, served.Master);
        Assert.All(served.Replicas, calls => Assert.Equal(0, calls));

        // Released: the replicas catch up and serve again.
        foreach (var replica in group.Replicas)
        {
            group.ProxyFor(replica).Release();
        }

        await Eventually.TrueAsync(() => group.Replicas.All(r => cache.StatusOf(r).Lag < TimeSpan.FromMilliseconds(200) && cache.StatusOf(r).LagBytes == 0), TimeSpan.FromSeconds(10), "replicas never caught up after release");
        served = await ServedByAsync(cache, "routing:key", "v2", reads: 20);
        Assert.Equal(0, served.Master);
        Assert.Equal(20, served.Replicas.Sum());
    }

    [Fact]
    public async Task Read_with_the_write_token_sees_the_new_value_while_replication_is_held()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();
        await cache.Cache.SetAsync("ryw:post", "old");
        await group.WaitForReplicationAsync();
        await Eventually.TrueAsync(() => group.Replicas.All(r => cache.StatusOf(r).LagBytes == 0), TimeSpan.FromSeconds(5), "replicas never caught up");
        var anyLag = ResilientCacheEntryOptions.Default.WithReadPreference(ReadPreference.PreferReplica, TimeSpan.FromHours(1));
        foreach (var replica in group.Replicas)
        {
            group.ProxyFor(replica).Hold();
        }

        var write = await cache.Cache.SetAsync("ryw:post", "new");
        Assert.True(write.IsWrittenToRedis);
        Assert.NotNull(write.ConsistencyToken);

        // With the token (per call, or through the ambient scope): never the old value.
        for (var i = 0; i < 10; i++)
        {
            cache.Cache.Memory.Remove("ryw:post");
            Assert.Equal("new", (await cache.Cache.TryGetAsync<string>("ryw:post", anyLag.WithConsistencyToken(write.ConsistencyToken))).Value);
            cache.Cache.Memory.Remove("ryw:post");
            using var scope = ConsistencyScope.Begin(write.ConsistencyToken);
            Assert.Equal("new", (await cache.Cache.TryGetAsync<string>("ryw:post", anyLag)).Value);
        }

        // Without it, a held replica answers with the old value: the token is what made the difference.
        cache.Cache.Memory.Remove("ryw:post");
        Assert.Equal("old", (await cache.Cache.TryGetAsync<string>("ryw:post", anyLag)).Value);
    }

    [Fact]
    public async Task Writes_inside_a_scope_raise_its_token()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();
        using var scope = ConsistencyScope.Begin();
        Assert.Null(scope.Token);

        var first = await cache.Cache.SetAsync("scope:a", 1);
        var second = await cache.Cache.RemoveAsync("scope:a");

        Assert.NotNull(first.ConsistencyToken);
        Assert.True(second.ConsistencyToken > first.ConsistencyToken);
        Assert.Equal(second.ConsistencyToken, scope.Token);
    }

    [Fact]
    public async Task ReplicaOnly_with_no_eligible_replica_is_a_miss_answered_by_the_factory()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();
        await cache.Cache.SetAsync("replica-only", "cached");
        foreach (var replica in group.Replicas)
        {
            group.ProxyFor(replica).Hold();
        }

        await Eventually.TrueAsync(
            async () =>
            {
                await group.Master.ExecuteAsync("SET", "routing:tick", Guid.NewGuid().ToString());
                return group.Replicas.All(r => cache.StatusOf(r).Lag > TimeSpan.FromMilliseconds(100));
            },
            TimeSpan.FromSeconds(10),
            "lag never grew");
        cache.Cache.Memory.Remove("replica-only");
        var options = ResilientCacheEntryOptions.Default.WithReadPreference(ReadPreference.ReplicaOnly, TimeSpan.FromMilliseconds(100));

        var value = await cache.Cache.GetOrSetAsync("replica-only", _ => new ValueTask<string>("factory"), options);

        Assert.Equal("factory", value);
    }

    private async Task<(long Master, long[] Replicas)> ServedByAsync(TestCache cache, string key, string expected, int reads)
    {
        var group = redis.Group;
        var masterBefore = await group.Master.GetCallsAsync();
        var replicasBefore = await Task.WhenAll(group.Replicas.Select(r => r.GetCallsAsync()));
        for (var i = 0; i < reads; i++)
        {
            cache.Cache.Memory.Remove(key);
            var lookup = await cache.Cache.TryGetAsync<string>(key, s_replicaReads);
            Assert.Equal(expected, lookup.Value);
            Assert.False(lookup.IsStale);
        }

        var masterAfter = await group.Master.GetCallsAsync();
        var replicasAfter = await Task.WhenAll(group.Replicas.Select(r => r.GetCallsAsync()));
        return (masterAfter - masterBefore, replicasAfter.Zip(replicasBefore, (a, b) => a - b).ToArray());
    }
}
