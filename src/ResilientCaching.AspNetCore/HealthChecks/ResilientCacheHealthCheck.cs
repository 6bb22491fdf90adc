using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResilientCaching.Caching;

namespace ResilientCaching.AspNetCore.HealthChecks;

/// <summary>
/// Healthy while Redis is connected and its circuit closed; Degraded while the cache serves without Redis (memory,
/// stale values, the factory), while the master is unreachable and replicas serve, or while a replica is unreachable or
/// unlinked; Unhealthy only when Redis is configured as required and is unavailable.
/// </summary>
internal sealed class ResilientCacheHealthCheck(ResilientCache cache, ResilientCacheHealthCheckOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["redis.endpoints"] = cache.RedisEndPoints,
            ["redis.circuit"] = cache.Resilience.State.ToString(),
        };

        if (cache.IsMemoryOnly)
        {
            return Task.FromResult(HealthCheckResult.Degraded("Running on memory only: no Redis is configured.", data: data));
        }

        var topology = cache.Topology.Current;
        var replicas = topology.Replicas.ToList();
        if (topology.Master is null && replicas.Any(r => r.IsReachable))
        {
            data["redis.replicas"] = replicas.Count;
            return Unavailable("The Redis master is unreachable; reads are served by replicas and memory, writes stay in memory.");
        }

        if (cache.IsRedisAvailable && replicas.Count > 0)
        {
            data["redis.replicas"] = replicas.Count;
            data["redis.replicas.max_lag_ms"] = replicas.Max(r => r.Lag.TotalMilliseconds);

            var unhealthy = replicas.Where(r => !r.IsReachable || r.IsMasterLinkUp != true).Select(r => r.EndPoint).ToList();
            if (unhealthy.Count > 0)
            {
                return Task.FromResult(HealthCheckResult.Degraded($"Replicas not serving reads (unreachable or link to the master down): {string.Join(", ", unhealthy)}.", data: data));
            }
        }

        if (cache.IsRedisAvailable)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Redis is connected.", data));
        }

        return Unavailable("Redis is unavailable; the cache serves from memory, stale values and the source of truth.");

        // Degraded while the cache can serve without Redis; the registration's failure status when Redis is required.
        Task<HealthCheckResult> Unavailable(string description) => Task.FromResult(options.RequireRedis
            ? new HealthCheckResult(context.Registration.FailureStatus, description, data: data)
            : HealthCheckResult.Degraded(description, data: data));
    }
}
