using ResilientCaching.Tests.Infrastructure;
using System.Globalization;
using System.Text;
using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class StandaloneNodeCommandTests(StandaloneRedisFixture fixture) : IClassFixture<StandaloneRedisFixture>
{
    private RedisServerNode Node => fixture.Node;

    [Fact]
    public async Task Node_ListensOnLoopback_WithItsOwnDirectory()
    {
        Assert.Equal("127.0.0.1", Node.Host);
        Assert.InRange(Node.Port, 1024, 65535);
        Assert.Equal($"127.0.0.1:{Node.Port}", Node.EndPoint);
        Assert.Equal(Node.EndPoint, Node.ConnectionString);
        Assert.True(Node.IsRunning);
        Assert.False(Node.IsPaused);
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "resilientcaching-harness"), Node.WorkingDirectory, StringComparison.Ordinal);
        Assert.True(File.Exists(Node.LogPath));

        var info = await Node.GetInfoAsync("server");
        Assert.Contains($"process_id:{Node.ProcessId.ToString(CultureInfo.InvariantCulture)}", info, StringComparison.Ordinal);
        Assert.Contains($"tcp_port:{Node.Port.ToString(CultureInfo.InvariantCulture)}", info, StringComparison.Ordinal);

        var persistence = await Node.GetInfoAsync("persistence");
        Assert.Contains("aof_enabled:0", persistence, StringComparison.Ordinal);
        var save = await Node.ExecuteAsync("CONFIG", "GET", "save");
        Assert.Equal(string.Empty, save.Elements[1].AsString());
    }

    [Fact]
    public async Task Execute_ReturnsEachReplyKind()
    {
        var ok = await Node.ExecuteAsync("SET", "kinds:text", "hello");
        Assert.Equal(RedisReplyKind.SimpleString, ok.Kind);
        Assert.Equal("OK", ok.AsString());

        var bulk = await Node.ExecuteAsync("GET", "kinds:text");
        Assert.Equal(RedisReplyKind.BulkString, bulk.Kind);
        Assert.Equal("hello", bulk.AsString());

        var integer = await Node.ExecuteAsync("INCR", "kinds:counter");
        Assert.Equal(RedisReplyKind.Integer, integer.Kind);
        Assert.True(integer.AsInt64() >= 1);

        var missing = await Node.ExecuteAsync("GET", "kinds:missing");
        Assert.True(missing.IsNull);
        Assert.Null(missing.AsString());

        await Node.ExecuteAsync("DEL", "kinds:list");
        await Node.ExecuteAsync("RPUSH", "kinds:list", "a", "b", "c");
        var array = await Node.ExecuteAsync("LRANGE", "kinds:list", "0", "-1");
        Assert.Equal(RedisReplyKind.Array, array.Kind);
        Assert.Equal(["a", "b", "c"], array.Elements.Select(e => e.AsString()));
        Assert.Equal("[a, b, c]", array.ToString());

        var error = await Node.ExecuteAsync("NOT-A-COMMAND");
        Assert.True(error.IsError);
        Assert.StartsWith("(error) ERR unknown command", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_WithBinaryArguments_StoresGarbageBytesVerbatim()
    {
        byte[] garbage = [0xFF, 0x00, 0x0D, 0x0A, 0x24, 0x2A, 0xC3, 0x28, 0xFE];
        var key = Encoding.UTF8.GetBytes("binary:garbage");

        var set = await Node.ExecuteAsync("SET"u8.ToArray(), key, garbage);
        Assert.Equal("OK", set.AsString());

        var get = await Node.ExecuteAsync("GET"u8.ToArray(), key);
        Assert.Equal(garbage, get.Bytes.ToArray());
    }

    [Fact]
    public async Task Execute_LargeValue_RoundTrips()
    {
        var value = new string('x', 200_000);
        await Node.ExecuteAsync("SET", "large:value", value);
        var reply = await Node.ExecuteAsync("GET", "large:value");
        Assert.Equal(value, reply.AsString());
    }

    [Fact]
    public async Task GetReplicationOffset_OnStandalone_ReportsMasterOffset()
    {
        Assert.Equal("master", await Node.GetRoleAsync());
        Assert.True(await Node.GetReplicationOffsetAsync() >= 0);
    }
}
