namespace ResilientCaching.Testing;

/// <summary>
/// Thrown when the harness cannot bring a Redis process or topology into the requested state
/// (a server did not start, a replica did not sync, a cluster did not reach <c>cluster_state:ok</c>).
/// The message carries the tail of the relevant Redis log.
/// </summary>
public sealed class RedisHarnessException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public RedisHarnessException()
        : this("The Redis test harness failed.")
    {
    }

    /// <summary>Initializes a new instance with the given message.</summary>
    /// <param name="message">The message.</param>
    public RedisHarnessException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with the given message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RedisHarnessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
