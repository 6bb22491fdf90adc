using System.Buffers;
using System.Buffers.Binary;

namespace ResilientCaching.Storage;

/// <summary>
/// The bytes stored in Redis for one entry: a fixed header (magic, format version, created-at, logical expiry,
/// fail-safe expiry, payload length) followed by the serialized value. Anything that does not parse is corrupt.
/// </summary>
/// <remarks>
/// Layout, little-endian: <c>'R' 'C'</c> | version (1 byte) | flags (1 byte, 0) | created-at (int64 Unix ms) |
/// logical expiry (int64 Unix ms) | fail-safe expiry (int64 Unix ms) | payload length (int32) | payload.
/// </remarks>
internal static class CacheEnvelope
{
    public const byte FormatVersion = 1;
    public const int HeaderSize = 32;
    private const byte Magic0 = (byte)'R';
    private const byte Magic1 = (byte)'C';

    /// <summary>Reserves the header in <paramref name="writer"/>; call <see cref="CompleteHeader"/> after the payload is written.</summary>
    public static void ReserveHeader(ArrayBufferWriter<byte> writer)
    {
        writer.GetSpan(HeaderSize)[..HeaderSize].Clear();
        writer.Advance(HeaderSize);
    }

    /// <summary>Fills the reserved header once the payload follows it.</summary>
    public static void CompleteHeader(Span<byte> envelope, in EntryTimes times)
    {
        envelope[0] = Magic0;
        envelope[1] = Magic1;
        envelope[2] = FormatVersion;
        envelope[3] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(envelope[4..], times.CreatedAt);
        BinaryPrimitives.WriteInt64LittleEndian(envelope[12..], times.LogicalExpiry);
        BinaryPrimitives.WriteInt64LittleEndian(envelope[20..], times.FailSafeExpiry);
        BinaryPrimitives.WriteInt32LittleEndian(envelope[28..], envelope.Length - HeaderSize);
    }

    /// <summary>Parses the header; <see langword="false"/> for a foreign, truncated or wrong-version payload.</summary>
    public static bool TryRead(ReadOnlySpan<byte> envelope, out EntryTimes times, out ReadOnlySpan<byte> payload)
    {
        times = default;
        payload = default;
        if (envelope.Length < HeaderSize || envelope[0] != Magic0 || envelope[1] != Magic1 || envelope[2] != FormatVersion)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(envelope[28..]);
        if (length < 0 || length != envelope.Length - HeaderSize)
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

        payload = envelope[HeaderSize..];
        return true;
    }
}
