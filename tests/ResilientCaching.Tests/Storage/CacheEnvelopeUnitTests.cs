using System.Buffers;
using ResilientCaching.Storage;

namespace ResilientCaching.Tests.Storage;

public sealed class CacheEnvelopeUnitTests
{
    [Fact]
    public void Round_trips_times_and_payload()
    {
        var times = new EntryTimes(1_000, 61_000, 3_601_000);
        var envelope = Build(times, "payload"u8);

        Assert.True(CacheEnvelope.TryRead(envelope, out var read, out _, out _, out var payload));
        Assert.Equal(times, read);
        Assert.Equal("payload"u8.ToArray(), payload.ToArray());
    }

    [Fact]
    public void Rejects_foreign_truncated_extended_and_wrong_version_bytes()
    {
        var envelope = Build(new EntryTimes(1, 2, 3), "abc"u8);

        Assert.False(CacheEnvelope.TryRead("hello"u8, out _, out _, out _, out _));
        Assert.False(CacheEnvelope.TryRead(envelope.AsSpan(0, envelope.Length - 1), out _, out _, out _, out _));
        Assert.False(CacheEnvelope.TryRead([.. envelope, 0], out _, out _, out _, out _));
        var version = (byte[])envelope.Clone();
        version[2] = 2;
        Assert.False(CacheEnvelope.TryRead(version, out _, out _, out _, out _));
    }

    [Fact]
    public void Round_trips_tags_and_rejects_unknown_flags_and_truncated_tags()
    {
        var envelope = Build(new EntryTimes(1, 2, 3), "p"u8, ["popular", "작성자:7"]);

        Assert.True(CacheEnvelope.TryRead(envelope, out _, out var flags, out var tags, out var payload));
        Assert.Equal(EnvelopeFlags.Tags, flags);
        Assert.Equal(["popular", "작성자:7"], tags!);
        Assert.Equal("p"u8.ToArray(), payload.ToArray());

        var unknown = (byte[])envelope.Clone();
        unknown[3] = 0x80;
        Assert.False(CacheEnvelope.TryRead(unknown, out _, out _, out _, out _));
        var badCount = (byte[])envelope.Clone();
        badCount[32] = 9;
        Assert.False(CacheEnvelope.TryRead(badCount, out _, out _, out _, out _));
    }

    [Fact]
    public void Rejects_inconsistent_times()
    {
        Assert.False(CacheEnvelope.TryRead(Build(new EntryTimes(10, 5, 20), "x"u8), out _, out _, out _, out _));
        Assert.False(CacheEnvelope.TryRead(Build(new EntryTimes(10, 20, 15), "x"u8), out _, out _, out _, out _));
    }

    [Fact]
    public void Fail_safe_expiry_follows_the_options()
    {
        var on = EntryTimes.For(0, ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromSeconds(10)).WithFailSafe(true, TimeSpan.FromSeconds(100)));
        var off = EntryTimes.For(0, ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromSeconds(10)).WithFailSafe(false));

        Assert.Equal(new EntryTimes(0, 10_000, 100_000), on);
        Assert.Equal(new EntryTimes(0, 10_000, 10_000), off);
    }

    private static byte[] Build(EntryTimes times, ReadOnlySpan<byte> payload, string[]? tags = null)
    {
        var writer = new ArrayBufferWriter<byte>();
        CacheEnvelope.Begin(writer, tags);
        writer.Write(payload);
        var envelope = writer.WrittenSpan.ToArray();
        CacheEnvelope.CompleteHeader(envelope, times, tags is null ? EnvelopeFlags.None : EnvelopeFlags.Tags);
        return envelope;
    }
}
