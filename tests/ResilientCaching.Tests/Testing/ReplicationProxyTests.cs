using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class ReplicationProxyTests
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Proxy_ForwardsBothDirections()
    {
        await using var echo = new EchoServer();
        await using var proxy = ReplicationProxy.Start(echo.EndPoint);
        using var client = await ConnectAsync(proxy);

        Assert.Equal("hello", await RoundTripAsync(client, "hello"));
        Assert.Equal(echo.EndPoint, proxy.TargetEndPoint);
        Assert.Equal(1, proxy.ActiveConnections);
    }

    [Fact]
    public async Task Hold_BuffersBytes_AndReleaseForwardsThemInOrder()
    {
        await using var echo = new EchoServer();
        await using var proxy = ReplicationProxy.Start(echo.EndPoint);
        using var client = await ConnectAsync(proxy);
        var stream = client.GetStream();

        proxy.Hold();
        Assert.True(proxy.IsHeld);
        await stream.WriteAsync("one,"u8.ToArray());
        await stream.WriteAsync("two,"u8.ToArray());
        await stream.WriteAsync("three"u8.ToArray());

        var buffer = new byte[64];
        using (var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                var read = await stream.ReadAsync(buffer, quiet.Token);
                Assert.Fail($"{read} bytes got through a held proxy");
            });
        }

        Assert.True(client.Connected);
        proxy.Release();
        Assert.False(proxy.IsHeld);
        Assert.Equal("one,two,three", await ReadAtLeastAsync(stream, "one,two,three".Length));
    }

    [Fact]
    public async Task SetDelay_DelaysEachDirection_AndPreservesOrder()
    {
        await using var echo = new EchoServer();
        await using var proxy = ReplicationProxy.Start(echo.EndPoint);
        using var client = await ConnectAsync(proxy);
        var stream = client.GetStream();
        Assert.Equal("warm", await RoundTripAsync(client, "warm"));

        proxy.SetDelay(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.FromMilliseconds(200), proxy.Delay);
        var elapsed = Stopwatch.StartNew();
        var expected = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            var part = $"{i:00};";
            expected.Append(part);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(part));
        }

        var received = await ReadAtLeastAsync(stream, expected.Length);
        elapsed.Stop();

        Assert.Equal(expected.ToString(), received);

        // 200 ms on the way in and 200 ms on the way back.
        Assert.True(elapsed.Elapsed >= TimeSpan.FromMilliseconds(380), $"round trip took only {elapsed.ElapsedMilliseconds} ms");

        proxy.SetDelay(TimeSpan.Zero);
        elapsed.Restart();
        Assert.Equal("fast", await RoundTripAsync(client, "fast"));
        Assert.True(elapsed.Elapsed < TimeSpan.FromMilliseconds(200), $"undelayed round trip took {elapsed.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Cut_ClosesCurrentConnections_AndAcceptsNewOnes()
    {
        await using var echo = new EchoServer();
        await using var proxy = ReplicationProxy.Start(echo.EndPoint);
        using var first = await ConnectAsync(proxy);
        Assert.Equal("before", await RoundTripAsync(first, "before"));

        proxy.Cut();

        await AssertClosedAsync(first);
        await HarnessAssert.EventuallyAsync(() => Task.FromResult(proxy.ActiveConnections == 0), ReadTimeout, "the cut connection is forgotten");

        using var second = await ConnectAsync(proxy);
        Assert.Equal("after", await RoundTripAsync(second, "after"));
    }

    [Fact]
    public async Task Retarget_SendsNewConnectionsToTheNewTarget()
    {
        await using var a = new EchoServer("a:");
        await using var b = new EchoServer("b:");
        await using var proxy = ReplicationProxy.Start(a.EndPoint);
        using var old = await ConnectAsync(proxy);
        Assert.Equal("a:x", await RoundTripAsync(old, "x", 2));

        proxy.Retarget(b.EndPoint);

        Assert.Equal(b.EndPoint, proxy.TargetEndPoint);
        Assert.Equal("a:y", await RoundTripAsync(old, "y", 2));
        using var fresh = await ConnectAsync(proxy);
        Assert.Equal("b:z", await RoundTripAsync(fresh, "z", 2));
    }

    [Fact]
    public async Task Dispose_StopsListening_AndClosesConnections()
    {
        await using var echo = new EchoServer();
        var proxy = ReplicationProxy.Start(echo.EndPoint);
        using var client = await ConnectAsync(proxy);
        proxy.Hold();

        await proxy.DisposeAsync();

        using var again = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => again.ConnectAsync("127.0.0.1", proxy.Port));
        await AssertClosedAsync(client);
    }

    [Theory]
    [InlineData("10.0.0.1:6379")]
    [InlineData("localhost:6379")]
    [InlineData("127.0.0.1")]
    public void Start_RejectsNonLoopbackTargets(string target) =>
        Assert.Throws<ArgumentException>(() => ReplicationProxy.Start(target));

    /// <summary>The proxy closes abortively (reset), so either EOF or a reset proves the connection is gone.</summary>
    private static async Task AssertClosedAsync(TcpClient client)
    {
        var buffer = new byte[16];
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            Assert.Equal(0, await client.GetStream().ReadAsync(buffer, timeout.Token));
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
        }
    }

    private static async Task<TcpClient> ConnectAsync(ReplicationProxy proxy)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", proxy.Port);
        return client;
    }

    private static async Task<string> RoundTripAsync(TcpClient client, string text, int prefixLength = 0)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        return await ReadAtLeastAsync(stream, prefixLength + text.Length);
    }

    private static async Task<string> ReadAtLeastAsync(NetworkStream stream, int count)
    {
        var received = new StringBuilder();
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (received.Length < count)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}
