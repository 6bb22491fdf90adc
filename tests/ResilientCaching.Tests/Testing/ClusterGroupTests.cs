using ResilientCaching.Tests.Infrastructure;
using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class ClusterGroupTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private RedisClusterGroup Cluster => fixture.Cluster;

    [Fact]
    public async Task Cluster_IsOk_WithSlotsSplitEvenlyAcrossMasters()
    {
        Assert.Equal(3, Cluster.Masters.Count);
        Assert.Equal(3, Cluster.Replicas.Count);
        Assert.Equal(6, Cluster.SeedEndPoints.Count);
        Assert.Equal(string.Join(',', Cluster.SeedEndPoints), Cluster.ConnectionString);
        await Cluster.WaitForClusterOkAsync(TimeSpan.FromSeconds(5));

        var slots = await Cluster.Nodes[0].ExecuteAsync("CLUSTER", "SLOTS");
        var ranges = slots.Elements
            .Select(r => (First: r.Elements[0].AsInt64(), Last: r.Elements[1].AsInt64(), Port: r.Elements[2].Elements[1].AsInt64()))
            .OrderBy(r => r.First)
            .ToList();
        Assert.Equal([(0L, 5460L), (5461L, 10921L), (10922L, 16383L)], ranges.Select(r => (r.First, r.Last)));
        Assert.Equal(Cluster.Masters.Select(m => (long)m.Port), ranges.Select(r => r.Port));
    }

    [Fact]
    public async Task EachReplica_ReplicatesItsMaster()
    {
        foreach (var master in Cluster.Masters)
        {
            var replica = Assert.Single(Cluster.ReplicasOf(master));
            var info = await replica.GetInfoAsync("replication");
            Assert.Contains($"master_port:{master.Port}", info, StringComparison.Ordinal);
            Assert.Contains("master_link_status:up", info, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Keys_AreServedByTheirSlotOwner_AndOthersRedirect()
    {
        var owner = await Cluster.GetMasterForKeyAsync("cluster:key");
        Assert.Contains(owner, Cluster.Masters);

        Assert.Equal("OK", (await owner.ExecuteAsync("SET", "cluster:key", "v1")).AsString());
        foreach (var other in Cluster.Masters.Where(m => m != owner))
        {
            var moved = await other.ExecuteAsync("GET", "cluster:key");
            Assert.True(moved.IsError);
            Assert.Contains($"MOVED", moved.AsString(), StringComparison.Ordinal);
            Assert.EndsWith(owner.EndPoint, moved.AsString(), StringComparison.Ordinal);
        }
    }
}
