namespace ResilientCaching;

/// <summary>The live view of the Redis topology kept by the cache's background monitor; for apps and health checks.</summary>
public interface IRedisTopologyView
{
    /// <summary>Raised once per detected failover, after the cache switched to the new master.</summary>
    event Action<RedisFailover>? FailoverDetected;

    /// <summary>Gets the latest snapshot.</summary>
    RedisTopologySnapshot Current { get; }

    /// <summary>Gets the last failover the cache followed, if any.</summary>
    RedisFailover? LastFailover { get; }
}
