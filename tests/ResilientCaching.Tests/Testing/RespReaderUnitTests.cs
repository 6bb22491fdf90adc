using System.Text;
using ResilientCaching.Testing;
using ResilientCaching.Testing.Internal.Resp;

namespace ResilientCaching.Tests.Testing;

public sealed class RespReaderUnitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Read_ParsesEveryKind_WhateverTheChunking(int chunkSize)
    {
        var wire = "+OK\r\n-ERR bad\r\n:-42\r\n$5\r\na\r\nbc\r\n$-1\r\n*-1\r\n*2\r\n*1\r\n:1\r\n$0\r\n\r\n";
        var reader = new RespReader(new TrickleStream(Encoding.ASCII.GetBytes(wire), chunkSize));

        var ok = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal((RedisReplyKind.SimpleString, "OK"), (ok.Kind, ok.AsString()));
        var error = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal((RedisReplyKind.Error, "ERR bad"), (error.Kind, error.AsString()));
        Assert.Equal(-42, (await reader.ReadAsync(CancellationToken.None)).AsInt64());
        Assert.Equal("a\r\nbc", (await reader.ReadAsync(CancellationToken.None)).AsString());
        Assert.True((await reader.ReadAsync(CancellationToken.None)).IsNull);
        Assert.True((await reader.ReadAsync(CancellationToken.None)).IsNull);

        var nested = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal("[[(integer) 1], ]", nested.ToString());
        Assert.Equal(RedisReplyKind.BulkString, nested.Elements[1].Kind);
        Assert.Equal(0, nested.Elements[1].Bytes.Length);
    }

    [Fact]
    public async Task Read_LargeBulkString_GrowsTheBuffer()
    {
        var payload = new string('z', 100_000);
        var wire = $"${payload.Length}\r\n{payload}\r\n";
        var reader = new RespReader(new TrickleStream(Encoding.ASCII.GetBytes(wire), 7000));

        Assert.Equal(payload, (await reader.ReadAsync(CancellationToken.None)).AsString());
    }

    [Fact]
    public async Task Read_TruncatedReply_ThrowsEndOfStream()
    {
        var reader = new RespReader(new TrickleStream("$10\r\nabc"u8.ToArray(), 3));

        await Assert.ThrowsAsync<EndOfStreamException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Read_Resp3Type_IsRejectedClearly()
    {
        var reader = new RespReader(new MemoryStream("%1\r\n"u8.ToArray()));

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
        Assert.Contains("RESP2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EncodesBinarySafeBulkStrings()
    {
        var encoded = RespWriter.Encode([Encoding.ASCII.GetBytes("SET"), Encoding.ASCII.GetBytes("k"), new byte[] { 0, 13, 10 }]);

        Assert.Equal("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\0\r\n\r\n", Encoding.ASCII.GetString(encoded));
    }

    [Fact]
    public async Task AsInt64_OnNonInteger_Throws()
    {
        var reader = new RespReader(new MemoryStream("+hello\r\n"u8.ToArray()));
        var reply = await reader.ReadAsync(CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => reply.AsInt64());
    }

    /// <summary>Returns at most <c>chunkSize</c> bytes per read, like a slow socket.</summary>
    private sealed class TrickleStream(byte[] data, int chunkSize) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunkSize)], cancellationToken);
    }
}
