using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class RedisHarnessLifecycleTests
{
    [Fact]
    public async Task Dispose_KillsTheProcess_AndDeletesItsDirectory()
    {
        var node = await RedisHarness.StartStandaloneAsync();
        var pid = node.ProcessId;
        var directory = node.WorkingDirectory;
        HarnessAssert.ProcessAlive(pid);

        await node.DisposeAsync();
        await node.DisposeAsync();

        HarnessAssert.ProcessGone(pid);
        Assert.False(Directory.Exists(directory));
        Assert.False(node.IsRunning);
    }

    [Fact]
    public async Task Dispose_OfAPausedNode_KillsIt()
    {
        var node = await RedisHarness.StartStandaloneAsync();
        var pid = node.ProcessId;
        await node.PauseAsync();

        await node.DisposeAsync();

        HarnessAssert.ProcessGone(pid);
    }

    [Fact]
    public async Task Start_InParallel_GivesEveryNodeItsOwnPort()
    {
        var nodes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RedisHarness.StartStandaloneAsync()));
        try
        {
            Assert.Equal(4, nodes.Select(n => n.Port).Distinct().Count());
            foreach (var node in nodes)
            {
                Assert.Equal("PONG", (await node.ExecuteAsync("PING")).AsString());
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Start_WithoutRedisServer_FailsLoudlyWithInstallHint()
    {
        var options = new RedisNodeOptions { RedisServerPath = "/nonexistent/redis-server" };

        var ex = await Assert.ThrowsAsync<RedisNotInstalledException>(() => RedisHarness.StartStandaloneAsync(options));

        Assert.Contains("apt-get install -y redis-server redis-sentinel redis-tools", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotInstalledException_DefaultMessage_NamesPathAndInstallCommand() =>
        Assert.Equal(
            "redis-server was not found on PATH; install it with: apt-get install -y redis-server redis-sentinel redis-tools (./test.sh does this)",
            new RedisNotInstalledException().Message);

    [Fact]
    public async Task Start_WithBadConfiguration_ThrowsWithTheRedisOutput()
    {
        var options = new RedisNodeOptions();
        options.Configuration.Add("definitely-not-a-directive yes");

        var ex = await Assert.ThrowsAsync<RedisHarnessException>(() => RedisHarness.StartStandaloneAsync(options));

        Assert.Contains("definitely-not-a-directive", ex.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code", ex.Message, StringComparison.Ordinal);
    }
}
