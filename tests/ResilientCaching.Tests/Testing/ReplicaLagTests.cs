using ResilientCaching.Tests.Infrastructure;
using System.Diagnostics;
using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

/// <summary>A held or delayed proxy makes exactly one replica lag behind the master.</summary>
public sealed class ReplicaLagTests(ReplicationFixture fixture) : IClassFixture<ReplicationFixture>, IAsyncLifetime
{
    private RedisReplicationGroup Group => fixture.Group;

    public Task InitializeAsync() => Task.CompletedTask;

    // Leave the shared group healthy for the next test whatever happened.
    public Task DisposeAsync() => fixture.HealAsync();

    [Fact]
    public async Task Group_StartsLinkedAndCaughtUp()
    {
        Assert.Equal(2, Group.Replicas.Count);
        Assert.Equal("master", await Group.Master.GetRoleAsync());
        var masterInfo = await Group.Master.GetInfoAsync("replication");
        Assert.Contains("connected_slaves:2", masterInfo, StringComparison.Ordinal);

        foreach (var replica in Group.Replicas)
        {
            var proxy = Group.ProxyFor(replica);
            Assert.Equal(Group.Master.EndPoint, proxy.TargetEndPoint);
            Assert.Equal("slave", await replica.GetRoleAsync());
            var info = await replica.GetInfoAsync("replication");
            Assert.Contains($"master_port:{proxy.Port}", info, StringComparison.Ordinal);
            Assert.Contains("master_link_status:up", info, StringComparison.Ordinal);
        }

        Assert.Equal(string.Join(',', [Group.Master.EndPoint, .. Group.Replicas.Select(r => r.EndPoint)]), Group.ConnectionString);
        Assert.Throws<ArgumentException>(() => Group.ProxyFor(Group.Master));
    }

    [Fact]
    public async Task Hold_MakesOneReplicaLag_AndReleaseCatchesItUp()
    {
        var lagging = Group.Replicas[0];
        var healthy = Group.Replicas[1];
        var proxy = Group.ProxyFor(lagging);

        proxy.Hold();
        await Group.Master.ExecuteAsync("SET", "lag:key", "v1");
        var masterOffset = await Group.Master.GetReplicationOffsetAsync();

        // The healthy replica gets the write; the held one keeps serving stale reads.
        await HarnessAssert.EventuallyAsync(
            async () => (await healthy.ExecuteAsync("GET", "lag:key")).AsString() == "v1",
            TimeSpan.FromSeconds(5),
            "the healthy replica has the write");
        await Task.Delay(300);
        Assert.True((await lagging.ExecuteAsync("GET", "lag:key")).IsNull);
        Assert.True(await lagging.GetReplicationOffsetAsync() < masterOffset);
        Assert.Contains("master_link_status:up", await lagging.GetInfoAsync("replication"), StringComparison.Ordinal);

        proxy.Release();

        await HarnessAssert.EventuallyAsync(
            async () => await lagging.GetReplicationOffsetAsync() >= masterOffset,
            TimeSpan.FromSeconds(5),
            "the released replica reaches the master's offset");
        Assert.Equal("v1", (await lagging.ExecuteAsync("GET", "lag:key")).AsString());
    }

    [Fact]
    public async Task SetDelay_DelaysWritesReachingTheReplica()
    {
        var delayed = Group.Replicas[1];
        var proxy = Group.ProxyFor(delayed);
        proxy.SetDelay(TimeSpan.FromMilliseconds(300));

        var elapsed = Stopwatch.StartNew();
        await Group.Master.ExecuteAsync("SET", "delay:key", "v1");
        await HarnessAssert.EventuallyAsync(
            async () => (await delayed.ExecuteAsync("GET", "delay:key")).AsString() == "v1",
            TimeSpan.FromSeconds(5),
            "the delayed replica has the write");
        elapsed.Stop();

        Assert.True(elapsed.Elapsed >= TimeSpan.FromMilliseconds(280), $"write arrived after only {elapsed.ElapsedMilliseconds} ms");
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(3), $"write took {elapsed.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task WaitForReplication_TimesOutWhileAProxyIsHeld()
    {
        Group.ProxyFor(Group.Replicas[0]).Hold();
        await Group.Master.ExecuteAsync("SET", "wait:key", "v1");

        var ex = await Assert.ThrowsAsync<RedisHarnessException>(() => Group.WaitForReplicationAsync(TimeSpan.FromMilliseconds(500)));

        Assert.Contains(Group.Replicas[0].EndPoint, ex.Message, StringComparison.Ordinal);
    }
}
