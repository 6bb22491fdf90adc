using System.Net.Sockets;
using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class StandaloneNodeFaultTests
{
    [Fact]
    public async Task FlushAll_RemovesEveryKey()
    {
        await using var node = await RedisHarness.StartStandaloneAsync();
        await node.ExecuteAsync("SET", "a", "1");
        await node.ExecuteAsync("SELECT", "1");
        await node.FlushAllAsync();

        Assert.Equal(0, (await node.ExecuteAsync("DBSIZE")).AsInt64());
    }

    [Fact]
    public async Task Pause_FreezesTheServer_AndResumeThawsIt()
    {
        await using var node = await RedisHarness.StartStandaloneAsync();

        await node.PauseAsync();
        Assert.True(node.IsPaused);
        Assert.True(node.IsRunning);

        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => node.ExecuteAsync(["PING"], cts.Token));
        }

        await node.ResumeAsync();
        Assert.False(node.IsPaused);
        Assert.Equal("PONG", (await node.ExecuteAsync("PING")).AsString());
    }

    [Fact]
    public async Task Pause_WithCommandTimeout_ThrowsTimeoutException()
    {
        await using var node = await RedisHarness.StartStandaloneAsync(new RedisNodeOptions { CommandTimeout = TimeSpan.FromMilliseconds(200) });
        await node.PauseAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => node.ExecuteAsync("PING"));
    }

    [Fact]
    public async Task Kill_StopsTheProcess_AndRestartBringsItBackOnTheSamePort()
    {
        await using var node = await RedisHarness.StartStandaloneAsync();
        var port = node.Port;
        var firstPid = node.ProcessId;
        await node.ExecuteAsync("SET", "survives", "no");

        await node.KillAsync();
        Assert.False(node.IsRunning);
        HarnessAssert.ProcessGone(firstPid);
        await Assert.ThrowsAsync<SocketException>(() => node.ExecuteAsync("PING"));

        await node.RestartAsync();
        Assert.True(node.IsRunning);
        Assert.Equal(port, node.Port);
        Assert.NotEqual(firstPid, node.ProcessId);
        Assert.Equal("PONG", (await node.ExecuteAsync("PING")).AsString());
        Assert.True((await node.ExecuteAsync("GET", "survives")).IsNull);
    }

    [Fact]
    public async Task Restart_WhileRunning_ReplacesTheProcess()
    {
        await using var node = await RedisHarness.StartStandaloneAsync();
        var firstPid = node.ProcessId;

        await node.RestartAsync();

        HarnessAssert.ProcessGone(firstPid);
        HarnessAssert.ProcessAlive(node.ProcessId);
        Assert.Equal("PONG", (await node.ExecuteAsync("PING")).AsString());
    }

    [Fact]
    public async Task Restart_WhilePaused_Works()
    {
        await using var node = await RedisHarness.StartStandaloneAsync();
        await node.PauseAsync();

        await node.RestartAsync();

        Assert.False(node.IsPaused);
        Assert.Equal("PONG", (await node.ExecuteAsync("PING")).AsString());
    }
}
