using System.Buffers;

namespace ResilientCaching;

/// <summary>Turns cached values into bytes for Redis and back. Implementations must be thread-safe.</summary>
public interface ICacheSerializer
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="destination">Where the bytes go.</param>
    void Serialize<T>(T value, IBufferWriter<byte> destination);

    /// <summary>Reads a value written by <see cref="Serialize{T}"/>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="payload">The bytes.</param>
    /// <returns>The value.</returns>
    /// <remarks>Throw on bytes that are not a valid <typeparamref name="T"/>; the cache treats the entry as corrupt, deletes it and refills it.</remarks>
    T Deserialize<T>(ReadOnlySpan<byte> payload);
}
