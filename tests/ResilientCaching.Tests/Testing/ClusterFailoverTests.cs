using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class ClusterFailoverTests
{
    [Fact]
    public async Task KillingAMaster_ItsReplicaTakesOverItsSlots()
    {
        await using var cluster = await RedisHarness.StartClusterAsync(masters: 3, replicasPerMaster: 1);
        var owner = await cluster.GetMasterForKeyAsync("failover:key");
        await owner.ExecuteAsync("SET", "failover:key", "v1");
        var replica = Assert.Single(cluster.ReplicasOf(owner));
        await HarnessAssert.EventuallyAsync(
            async () => await replica.GetReplicationOffsetAsync() >= await owner.GetReplicationOffsetAsync(),
            TimeSpan.FromSeconds(5),
            "the replica has the write");

        await owner.KillAsync();
        await cluster.WaitForClusterOkAsync(TimeSpan.FromSeconds(20));

        Assert.Same(replica, await cluster.GetMasterForKeyAsync("failover:key"));
        Assert.Equal("master", await replica.GetRoleAsync());
        Assert.Equal("v1", (await replica.ExecuteAsync("GET", "failover:key")).AsString());
    }
}
