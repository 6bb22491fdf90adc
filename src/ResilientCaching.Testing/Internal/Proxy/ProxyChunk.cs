namespace ResilientCaching.Testing.Internal.Proxy;

/// <summary>Bytes read from one side of a proxied connection, stamped with when they arrived; empty data means end of stream.</summary>
internal readonly record struct ProxyChunk(ReadOnlyMemory<byte> Data, long ReceivedAt)
{
    public bool IsEndOfStream => Data.IsEmpty;
}
