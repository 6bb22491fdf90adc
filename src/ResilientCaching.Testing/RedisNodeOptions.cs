using ResilientCaching.Testing.Internal;

namespace ResilientCaching.Testing;

/// <summary>Options for the Redis processes started by <see cref="RedisHarness"/>.</summary>
public sealed class RedisNodeOptions
{
    /// <summary>
    /// Gets or sets how long to wait for a started process to answer <c>PING</c>. Default 10 seconds.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = RedisHarnessDefaults.StartupTimeout;

    /// <summary>
    /// Gets or sets the timeout of each command the harness sends (including
    /// <see cref="RedisServerNode.ExecuteAsync(string[])"/>). Default 5 seconds.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = RedisHarnessDefaults.CommandTimeout;

    /// <summary>
    /// Gets or sets the path of the <c>redis-server</c> executable. When <see langword="null"/> (the default)
    /// it is searched on <c>PATH</c>, <c>/usr/bin</c> and <c>/usr/local/bin</c>.
    /// </summary>
    public string? RedisServerPath { get; set; }

    /// <summary>
    /// Gets extra <c>redis.conf</c> lines appended after the generated ones (later lines win),
    /// e.g. <c>"maxmemory 10mb"</c>. Applied to data nodes, not to sentinels.
    /// </summary>
    public IList<string> Configuration { get; } = new List<string>();

    internal static RedisNodeOptions Default { get; } = new();

    internal void Validate()
    {
        if (StartupTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartupTimeout), StartupTimeout, "RedisNodeOptions.StartupTimeout must be positive.");
        }

        if (CommandTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CommandTimeout), CommandTimeout, "RedisNodeOptions.CommandTimeout must be positive.");
        }
    }
}
