using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ResilientCaching.Storage;

/// <summary>
/// The bytes stored in Redis for one entry: a fixed header (magic, format version, flags, created-at, logical expiry,
/// fail-safe expiry, body length), then the entry's tags when it has any, then the payload. Anything that does not
/// parse is corrupt.
/// </summary>
/// <remarks>
/// Layout, little-endian: <c>'R' 'C'</c> | version (1 byte) | flags (1 byte) | created-at (int64 Unix ms) |
/// logical expiry (int64 Unix ms) | fail-safe expiry (int64 Unix ms) | body length (int32) | body.
/// Body: when flag <see cref="EnvelopeFlags.Tags"/>, a tag count (1 byte) and each tag as a 2-byte length and UTF-8
/// bytes; then the payload — the serializer's bytes, or the value itself when flag <see cref="EnvelopeFlags.RawBytes"/>
/// (a <c>byte[]</c> value, stored as is).
/// </remarks>
internal static class CacheEnvelope
{
    public const byte FormatVersion = 1;
    public const int HeaderSize = 32;
    public const int MaxTags = 255;
    public const int MaxTagBytes = ushort.MaxValue;
    private const byte Magic0 = (byte)'R';
    private const byte Magic1 = (byte)'C';
    private const EnvelopeFlags KnownFlags = EnvelopeFlags.Tags | EnvelopeFlags.RawBytes;

    /// <summary>Reserves the header (and writes the tags block) in <paramref name="writer"/>; write the payload next, then call <see cref="CompleteHeader"/>.</summary>
    public static void Begin(ArrayBufferWriter<byte> writer, IReadOnlyList<string>? tags)
    {
        writer.GetSpan(HeaderSize)[..HeaderSize].Clear();
        writer.Advance(HeaderSize);
        if (tags is not { Count: > 0 })
        {
            return;
        }

        writer.GetSpan(1)[0] = (byte)tags.Count;
        writer.Advance(1);
        foreach (var tag in tags)
        {
            var length = Encoding.UTF8.GetByteCount(tag);
            var span = writer.GetSpan(2 + length);
            BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)length);
            Encoding.UTF8.GetBytes(tag, span[2..]);
            writer.Advance(2 + length);
        }
    }

    /// <summary>Fills the reserved header once the body follows it.</summary>
    public static void CompleteHeader(Span<byte> envelope, in EntryTimes times, EnvelopeFlags flags)
    {
        envelope[0] = Magic0;
        envelope[1] = Magic1;
        envelope[2] = FormatVersion;
        envelope[3] = (byte)flags;
        BinaryPrimitives.WriteInt64LittleEndian(envelope[4..], times.CreatedAt);
        BinaryPrimitives.WriteInt64LittleEndian(envelope[12..], times.LogicalExpiry);
        BinaryPrimitives.WriteInt64LittleEndian(envelope[20..], times.FailSafeExpiry);
        BinaryPrimitives.WriteInt32LittleEndian(envelope[28..], envelope.Length - HeaderSize);
    }

    /// <summary>Parses the header and body; <see langword="false"/> for a foreign, truncated, inconsistent or wrong-version envelope.</summary>
    public static bool TryRead(ReadOnlySpan<byte> envelope, out EntryTimes times, out EnvelopeFlags flags, out string[]? tags, out ReadOnlySpan<byte> payload)
    {
        times = default;
        flags = default;
        tags = null;
        payload = default;
        if (envelope.Length < HeaderSize || envelope[0] != Magic0 || envelope[1] != Magic1 || envelope[2] != FormatVersion)
        {
            return false;
        }

        flags = (EnvelopeFlags)envelope[3];
        var length = BinaryPrimitives.ReadInt32LittleEndian(envelope[28..]);
        if ((flags & ~KnownFlags) != 0 || length < 0 || length != envelope.Length - HeaderSize)
        {
            return false;
        }

        times = new EntryTimes(
            BinaryPrimitives.ReadInt64LittleEndian(envelope[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(envelope[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(envelope[20..]));
        if (times.LogicalExpiry < times.CreatedAt || times.FailSafeExpiry < times.LogicalExpiry)
        {
            return false;
        }

        var body = envelope[HeaderSize..];
        if ((flags & EnvelopeFlags.Tags) != 0 && !TryReadTags(ref body, out tags))
        {
            return false;
        }

        payload = body;
        return true;
    }

    private static bool TryReadTags(ref ReadOnlySpan<byte> body, out string[]? tags)
    {
        tags = null;
        if (body.Length < 1 || body[0] == 0)
        {
            return false;
        }

        var result = new string[body[0]];
        body = body[1..];
        for (var i = 0; i < result.Length; i++)
        {
            if (body.Length < 2)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16LittleEndian(body);
            if (body.Length < 2 + length)
            {
                return false;
            }

            result[i] = Encoding.UTF8.GetString(body.Slice(2, length));
            body = body[(2 + length)..];
        }

        tags = result;
        return true;
    }
}
