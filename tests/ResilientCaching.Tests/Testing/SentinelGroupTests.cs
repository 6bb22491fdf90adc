using ResilientCaching.Tests.Infrastructure;
using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class SentinelGroupTests(SentinelFixture fixture) : IClassFixture<SentinelFixture>
{
    private RedisSentinelGroup Group => fixture.Group;

    [Fact]
    public async Task Sentinels_AgreeOnTheMaster()
    {
        Assert.Equal("mymaster", Group.ServiceName);
        Assert.Equal(Group.Master.EndPoint, await Group.GetMasterEndPointAsync());
        Assert.Same(Group.Master, await Group.GetMasterAsync());
    }

    [Fact]
    public async Task Sentinels_AreRealSentinelProcesses_ThatKnowTheWholeTopology()
    {
        Assert.Equal(3, Group.Sentinels.Count);
        Assert.Equal(Group.Sentinels.Select(s => s.EndPoint), Group.SentinelEndPoints);
        foreach (var sentinel in Group.Sentinels)
        {
            Assert.Contains("redis_mode:sentinel", await sentinel.GetInfoAsync("server"), StringComparison.Ordinal);
            var replicas = await sentinel.ExecuteAsync("SENTINEL", "REPLICAS", Group.ServiceName);
            Assert.Equal(2, replicas.Elements.Count);
        }
    }

    [Fact]
    public async Task Replicas_ReplicateFromTheMaster()
    {
        await Group.Master.ExecuteAsync("SET", "sentinel:key", "v1");
        await Group.WaitForReplicationAsync();

        foreach (var replica in Group.Replicas)
        {
            Assert.Equal("slave", await replica.GetRoleAsync());
            Assert.Equal("v1", (await replica.ExecuteAsync("GET", "sentinel:key")).AsString());
        }
    }

    [Fact]
    public void SentinelConnectionString_ListsSentinelsAndServiceName() =>
        Assert.Equal(string.Join(',', Group.SentinelEndPoints) + ",serviceName=mymaster", Group.SentinelConnectionString);
}
