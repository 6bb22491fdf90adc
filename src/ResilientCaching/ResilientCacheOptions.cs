using ResilientCaching.Caching;
using StackExchange.Redis;

namespace ResilientCaching;

/// <summary>Options of the resilient cache, usually bound from the <c>ResilientCache</c> configuration section.</summary>
public sealed class ResilientCacheOptions
{
    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration string (for example <c>"localhost:6379,password=..."</c>).
    /// Ignored when the builder's <c>WithConfigurationOptions</c> or <c>WithConnectionMultiplexer</c> is used, or an
    /// <see cref="IConnectionMultiplexer"/> is registered.
    /// Never logged: it may carry a password.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Gets the configuration strings of independent Redis deployments to shard keys over on the client (each
    /// standalone, master + replicas, or Sentinel with <c>serviceName=</c>). Keys are spread by rendezvous hashing;
    /// a dead shard's keys fall back to memory and the factory and are never moved to the other shards. Use either
    /// this or <see cref="Configuration"/>.
    /// </summary>
    public IList<string> Shards { get; } = [];

    /// <summary>Gets or sets a prefix put in front of every Redis key and channel, so several apps can share one Redis. Default empty.</summary>
    public string KeyPrefix { get; set; } = string.Empty;

    /// <summary>Gets or sets the longest key accepted, in characters; longer keys are rejected with an <see cref="ArgumentException"/>. Default 1024.</summary>
    public int MaxKeyLength { get; set; } = ResilientCacheDefaults.MaxKeyLength;

    /// <summary>Gets or sets the largest serialized value written to Redis, in bytes; larger values stay in memory only (and are logged). Default 1 MiB.</summary>
    public int MaxValueBytes { get; set; } = ResilientCacheDefaults.MaxValueBytes;

    /// <summary>Gets or sets the most entries kept in the memory level; the least recently used are compacted away beyond it. Default 100,000.</summary>
    public long L1SizeLimit { get; set; } = ResilientCacheDefaults.L1SizeLimit;

    /// <summary>
    /// Gets or sets how long one Redis operation may take before the cache moves on without Redis. Default 100 ms.
    /// StackExchange.Redis's own timeouts are checked about once a second; this one is enforced per call.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = ResilientCacheDefaults.OperationTimeout;

    /// <summary>Gets or sets how long a connection attempt may take. Default 2 seconds. The app starts even when Redis is down.</summary>
    public TimeSpan ConnectTimeout { get; set; } = ResilientCacheDefaults.ConnectTimeout;

    /// <summary>
    /// Gets or sets how often the topology monitor reads <c>INFO replication</c> on every node (roles, offsets, link
    /// status, lag). Default 500 ms; between 50 ms and 1 minute.
    /// </summary>
    public TimeSpan TopologyMonitorInterval { get; set; } = ResilientCacheDefaults.TopologyMonitorInterval;

    /// <summary>Gets or sets when Redis calls are skipped after failures.</summary>
    public ResilientCacheCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>
    /// Gets or sets the entry options used when a call passes none; <see langword="null"/> (the default) uses
    /// <see cref="ResilientCacheEntryOptions.Default"/>.
    /// </summary>
    public ResilientCacheEntryOptions? DefaultEntryOptions { get; set; }

    /// <summary>
    /// Gets or sets how many invalidations (removals, and writes that did not reach Redis) are kept while Redis is
    /// unavailable, to be replayed when it answers again. Beyond it the oldest is dropped and logged. Default 10,000.
    /// </summary>
    public int InvalidationQueueCapacity { get; set; } = ResilientCacheDefaults.InvalidationQueueCapacity;

    /// <summary>
    /// Gets or sets a value indicating whether writes and removals are published on Redis pub/sub so other app
    /// instances drop their memory copy. Default <see langword="true"/>.
    /// </summary>
    public bool EnableInvalidationMessages { get; set; } = true;

    /// <summary>A copy of these options for one shard.</summary>
    internal ResilientCacheOptions ForShard(string configuration)
    {
        var copy = new ResilientCacheOptions
        {
            Configuration = configuration,
            KeyPrefix = KeyPrefix,
            MaxKeyLength = MaxKeyLength,
            MaxValueBytes = MaxValueBytes,
            L1SizeLimit = L1SizeLimit,
            InvalidationQueueCapacity = InvalidationQueueCapacity,
            OperationTimeout = OperationTimeout,
            ConnectTimeout = ConnectTimeout,
            TopologyMonitorInterval = TopologyMonitorInterval,
            DefaultEntryOptions = DefaultEntryOptions,
            EnableInvalidationMessages = EnableInvalidationMessages,
            CircuitBreaker = new ResilientCacheCircuitBreakerOptions
            {
                FailureRatio = CircuitBreaker.FailureRatio,
                MinimumThroughput = CircuitBreaker.MinimumThroughput,
                SamplingDuration = CircuitBreaker.SamplingDuration,
                BreakDuration = CircuitBreaker.BreakDuration,
            },
        };
        return copy;
    }
}
