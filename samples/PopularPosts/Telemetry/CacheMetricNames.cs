namespace PopularPosts.Telemetry;

/// <summary>The cache's instrument and attribute names the sample reads (see <c>docs/telemetry.md</c>).</summary>
public static class CacheMetricNames
{
    /// <summary>Counter of cache requests; attributes <c>cache.result</c> (hit, miss, stale) and <c>cache.level</c> (l1, l2, none).</summary>
    public const string Requests = "resilientcaching.requests";

    /// <summary>Counter of fallbacks; attribute <c>fallback.reason</c>.</summary>
    public const string Fallbacks = "resilientcaching.fallbacks";

    /// <summary>Counter of followed failovers.</summary>
    public const string Failovers = "resilientcaching.failovers";

    /// <summary>Counter of invalidations; attribute <c>invalidation.state</c> (queued, replayed, dropped).</summary>
    public const string Invalidations = "resilientcaching.invalidations";

    /// <summary>Gauge of a replica's measured lag, seconds; attributes <c>server.address</c>, <c>server.port</c>.</summary>
    public const string ReplicaLag = "resilientcaching.replica.lag";

    /// <summary>Gauge of a replica's offset lag, bytes.</summary>
    public const string ReplicaOffsetLag = "resilientcaching.replica.offset_lag";

    /// <summary>Gauge of a circuit's state: 0 closed, 1 half-open, 2 open, 3 isolated; attribute <c>resilientcaching.circuit</c>.</summary>
    public const string CircuitState = "resilientcaching.circuit.state";

    /// <summary>Histogram of Redis operation durations, seconds.</summary>
    public const string RedisOperationDuration = "db.client.operation.duration";

    /// <summary>Histogram of factory (database) durations, seconds; attribute <c>factory.outcome</c>.</summary>
    public const string FactoryDuration = "resilientcaching.factory.duration";

    /// <summary>The <c>cache.result</c> attribute.</summary>
    public const string CacheResult = "cache.result";

    /// <summary>The <c>cache.level</c> attribute.</summary>
    public const string CacheLevel = "cache.level";

    /// <summary>The <c>fallback.reason</c> attribute.</summary>
    public const string FallbackReason = "fallback.reason";

    /// <summary>The <c>invalidation.state</c> attribute.</summary>
    public const string InvalidationState = "invalidation.state";

    /// <summary>The <c>resilientcaching.circuit</c> attribute.</summary>
    public const string Circuit = "resilientcaching.circuit";

    /// <summary>The <c>server.address</c> attribute.</summary>
    public const string ServerAddress = "server.address";

    /// <summary>The <c>server.port</c> attribute.</summary>
    public const string ServerPort = "server.port";
}
