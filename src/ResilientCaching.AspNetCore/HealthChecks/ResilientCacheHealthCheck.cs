using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResilientCaching.Caching;

namespace ResilientCaching.AspNetCore.HealthChecks;

/// <summary>
/// Healthy while Redis is connected and its circuit closed; Degraded while the cache serves without Redis (memory,
/// stale values, the factory), while the master is unreachable and replicas serve, or while a replica is unreachable,
/// unlinked or lagging past the bound; Unhealthy only when Redis is configured as required and is unavailable.
/// </summary>
internal sealed class ResilientCacheHealthCheck(CacheShards shards, ResilientCacheHealthCheckOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (shards.All.Count == 1)
        {
            return Task.FromResult(Check(shards.All[0], context));
        }

        // Sharded: the worst shard decides; each shard's verdict is in the data.
        var results = shards.All.Select(shard => (Shard: shard.RedisEndPoints, Result: Check(shard, context))).ToList();
        var worst = results.MinBy(r => r.Result.Status).Result;
        var data = results.ToDictionary(r => "shard " + r.Shard, r => (object)$"{r.Result.Status}: {r.Result.Description}");
        return Task.FromResult(new HealthCheckResult(worst.Status, worst.Description, data: data));
    }

    private HealthCheckResult Check(ResilientCache cache, HealthCheckContext context)
    {
        var data = new Dictionary<string, object>
        {
            ["redis.endpoints"] = cache.RedisEndPoints,
            ["redis.circuit"] = cache.Resilience.State.ToString(),
        };

        if (cache.IsMemoryOnly)
        {
            return HealthCheckResult.Degraded("Running on memory only: no Redis is configured.", data: data);
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
                return HealthCheckResult.Degraded($"Replicas not serving reads (unreachable or link to the master down): {string.Join(", ", unhealthy)}.", data: data);
            }

            var lagging = replicas.Where(r => r.Lag > options.MaxReplicaLag).Select(r => r.EndPoint).ToList();
            if (lagging.Count > 0)
            {
                return HealthCheckResult.Degraded($"Replicas lagging more than {options.MaxReplicaLag}: {string.Join(", ", lagging)}; their reads go to the master.", data: data);
            }
        }

        if (cache.IsRedisAvailable)
        {
            return HealthCheckResult.Healthy("Redis is connected.", data);
        }

        return Unavailable("Redis is unavailable; the cache serves from memory, stale values and the source of truth.");

        // Degraded while the cache can serve without Redis; the registration's failure status when Redis is required.
        HealthCheckResult Unavailable(string description) => options.RequireRedis
            ? new HealthCheckResult(context.Registration.FailureStatus, description, data: data)
            : HealthCheckResult.Degraded(description, data: data);
    }
}
