using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResilientCaching.AspNetCore;
using ResilientCaching.AspNetCore.HealthChecks;
using ResilientCaching.Caching;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the resilient cache's health check.</summary>
public static class ResilientCacheHealthChecksBuilderExtensions
{
    /// <summary>
    /// Reports Healthy while Redis is in use, Degraded while the cache serves without it, and Unhealthy only when
    /// <see cref="ResilientCacheHealthCheckOptions.RequireRedis"/> is set.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The name of the check. Default <c>resilient-cache</c>.</param>
    /// <param name="configure">Sets the check's options.</param>
    /// <param name="tags">Tags for filtering checks.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddResilientRedisCache(
        this IHealthChecksBuilder builder,
        string name = "resilient-cache",
        Action<ResilientCacheHealthCheckOptions>? configure = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ResilientCacheHealthCheckOptions();
        configure?.Invoke(options);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new ResilientCacheHealthCheck(sp.GetRequiredService<CacheShards>(), options),
            HealthStatus.Unhealthy,
            tags));
    }
}
