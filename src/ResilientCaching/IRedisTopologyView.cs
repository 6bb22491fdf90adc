namespace ResilientCaching;

/// <summary>The live view of the Redis topology kept by the cache's background monitor; for apps and health checks.</summary>
public interface IRedisTopologyView
{
    /// <summary>Gets the latest snapshot.</summary>
    RedisTopologySnapshot Current { get; }
}
