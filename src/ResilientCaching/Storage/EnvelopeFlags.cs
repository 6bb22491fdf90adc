namespace ResilientCaching.Storage;

/// <summary>What the body of a <see cref="CacheEnvelope"/> holds besides the payload.</summary>
[Flags]
internal enum EnvelopeFlags : byte
{
    None = 0,

    /// <summary>The body starts with the entry's tags.</summary>
    Tags = 1,

    /// <summary>The payload is a <c>byte[]</c> value stored as is, not serialized.</summary>
    RawBytes = 2,
}
