namespace ResilientCaching.AspNetCore;

/// <summary>Options of the resilient cache health check.</summary>
public sealed class ResilientCacheHealthCheckOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether Redis is required: when <see langword="true"/>, Redis being unavailable
    /// reports Unhealthy; otherwise (default) Degraded, because the cache keeps serving from memory and the source of truth.
    /// </summary>
    public bool RequireRedis { get; set; }

    /// <summary>Gets or sets the measured replica lag above which the check reports Degraded. Default 5 seconds.</summary>
    public TimeSpan MaxReplicaLag { get; set; } = TimeSpan.FromSeconds(5);
}
