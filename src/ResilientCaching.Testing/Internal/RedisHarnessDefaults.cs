namespace ResilientCaching.Testing.Internal;

/// <summary>Default values used by the harness, in one place.</summary>
internal static class RedisHarnessDefaults
{
    public const string Host = "127.0.0.1";

    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a topology may take to converge (replication sync, sentinel discovery, cluster ok).</summary>
    public static readonly TimeSpan TopologyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for a killed process to be reaped.</summary>
    public static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many fresh ports to try when the chosen one was taken before redis-server bound it.</summary>
    public const int PortAttempts = 5;

    /// <summary>How many times a restart retries binding its fixed port.</summary>
    public const int RestartBindAttempts = 25;

    public const int LogTailLines = 40;
}
