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
