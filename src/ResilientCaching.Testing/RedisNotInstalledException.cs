namespace ResilientCaching.Testing;

/// <summary>
/// Thrown when the <c>redis-server</c> executable cannot be found. Integration tests are meant to fail
/// loudly with this exception rather than skip: install Redis (<c>./test.sh</c> does) and run again.
/// </summary>
public sealed class RedisNotInstalledException : Exception
{
    internal const string InstallHint =
        "install it with: apt-get install -y redis-server redis-sentinel redis-tools (./test.sh does this)";

    /// <summary>Initializes a new instance with the default message.</summary>
    public RedisNotInstalledException()
        : this("redis-server was not found on PATH; " + InstallHint)
    {
    }

    /// <summary>Initializes a new instance with the given message.</summary>
    /// <param name="message">The message.</param>
    public RedisNotInstalledException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with the given message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RedisNotInstalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
