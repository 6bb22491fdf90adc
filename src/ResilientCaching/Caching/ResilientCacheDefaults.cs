namespace ResilientCaching.Caching;

/// <summary>The defaults of every option, in one place.</summary>
internal static class ResilientCacheDefaults
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan FailSafeMaxDuration = TimeSpan.FromHours(1);
    public static readonly TimeSpan FailSafeThrottleDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxReplicaLag = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan TopologyMonitorInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan FailoverInvalidationWindow = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan CircuitBreakDuration = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan CircuitSamplingDuration = TimeSpan.FromSeconds(2);
    public const double CircuitFailureRatio = 0.5;
    public const int CircuitMinimumThroughput = 4;
    public const int MaxKeyLength = 1024;
    public const int MaxValueBytes = 1024 * 1024;
    public const long L1SizeLimit = 100_000;
    public const int InvalidationQueueCapacity = 10_000;
    public const string InvalidationChannelSuffix = "__resilientcaching:invalidations";
}
