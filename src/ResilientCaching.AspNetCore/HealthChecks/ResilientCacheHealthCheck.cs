using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResilientCaching.Caching;

namespace ResilientCaching.AspNetCore.HealthChecks;

/// <summary>
/// Healthy while Redis is connected and its circuit closed; Degraded while the cache serves without Redis (memory,
/// stale values, the factory); Unhealthy only when Redis is configured as required.
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
        if (cache.IsRedisAvailable && topology.Nodes.Count > 1)
        {
            var replicas = topology.Replicas.ToList();
            data["redis.replicas"] = replicas.Count;
            data["redis.replicas.max_lag_ms"] = replicas.Count == 0 ? 0 : replicas.Max(r => r.Lag.TotalMilliseconds);
            if (topology.Master is null)
            {
                return Task.FromResult(HealthCheckResult.Degraded("The Redis master is unreachable; reads are served by replicas and memory, writes stay in memory.", data: data));
            }

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

        const string Description = "Redis is unavailable; the cache serves from memory, stale values and the source of truth.";
        return Task.FromResult(options.RequireRedis
            ? new HealthCheckResult(context.Registration.FailureStatus, Description, data: data)
            : HealthCheckResult.Degraded(Description, data: data));
    }
}
