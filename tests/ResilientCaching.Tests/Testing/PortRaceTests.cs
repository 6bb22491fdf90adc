using System.Net;
using System.Net.Sockets;
using ResilientCaching.Testing;
using ResilientCaching.Testing.Internal.Processes;

namespace ResilientCaching.Tests.Testing;

/// <summary>The port chosen for a node can be taken before redis-server binds it; start-up retries on a new one.</summary>
public sealed class PortRaceTests
{
    [Fact]
    public async Task Start_WhenTheChosenPortIsTaken_RetriesOnAnotherPort()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var attempts = 0;

        var node = new RedisServerNode(NodeKind.Server, new RedisNodeOptions(), []);
        await using (node)
        {
            await node.StartAsync(() => ++attempts == 1 ? taken : PortAllocator.Reserve(), CancellationToken.None);

            Assert.Equal(2, attempts);
            Assert.NotEqual(taken, node.Port);
            Assert.Equal("PONG", (await node.ExecuteAsync("PING")).AsString());
        }
    }

    [Fact]
    public async Task Start_WhenAnotherRedisOwnsThePort_DoesNotMistakeItForItsOwn()
    {
        await using var other = await RedisHarness.StartStandaloneAsync();
        var attempts = 0;

        var node = new RedisServerNode(NodeKind.Server, new RedisNodeOptions(), []);
        await using (node)
        {
            await node.StartAsync(() => ++attempts == 1 ? other.Port : PortAllocator.Reserve(), CancellationToken.None);

            Assert.NotEqual(other.Port, node.Port);
            Assert.Contains($"process_id:{node.ProcessId}", await node.GetInfoAsync("server"), StringComparison.Ordinal);
        }

        Assert.True(other.IsRunning);
    }
}
