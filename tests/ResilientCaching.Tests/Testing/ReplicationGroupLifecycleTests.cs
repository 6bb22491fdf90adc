using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class ReplicationGroupLifecycleTests
{
    [Fact]
    public async Task Dispose_KillsEveryProcess_AndStopsEveryProxy()
    {
        var group = await RedisHarness.StartReplicationAsync(replicas: 1);
        var pids = group.Replicas.Prepend(group.Master).Select(n => n.ProcessId).ToList();
        var proxyPort = group.ProxyFor(group.Replicas[0]).Port;

        await group.DisposeAsync();

        Assert.All(pids, HarnessAssert.ProcessGone);
        using var client = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync("127.0.0.1", proxyPort));
    }

    [Fact]
    public async Task MasterRestart_ReplicasRelinkThroughTheirProxies()
    {
        await using var group = await RedisHarness.StartReplicationAsync(replicas: 1);

        await group.Master.RestartAsync();
        await group.Master.ExecuteAsync("SET", "after-restart", "1");
        await group.WaitForReplicationAsync();

        Assert.Equal("1", (await group.Replicas[0].ExecuteAsync("GET", "after-restart")).AsString());
    }
}
