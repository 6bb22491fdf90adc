using Microsoft.Extensions.Caching.StackExchangeRedis;
using ResilientCaching;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>One-line migration from the stock <c>AddStackExchangeRedisCache</c>.</summary>
public static class RedisCacheOptionsMigrationExtensions
{
    /// <summary>
    /// Registers the resilient cache (and its <c>IDistributedCache</c>) from the stock <see cref="RedisCacheOptions"/>:
    /// <see cref="RedisCacheOptions.Configuration"/>, <see cref="RedisCacheOptions.ConfigurationOptions"/>,
    /// <see cref="RedisCacheOptions.InstanceName"/> (the key prefix) and <see cref="RedisCacheOptions.ConnectionMultiplexerFactory"/>.
    /// Replace <c>services.AddStackExchangeRedisCache(o =&gt; ...)</c> with <c>services.AddResilientRedisCache(new RedisCacheOptions { ... })</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="redisCacheOptions">The stock options.</param>
    /// <param name="configure">Further resilient-cache settings (timeouts, fail-safe, ...).</param>
    /// <returns>A builder for further configuration.</returns>
    public static IResilientCacheBuilder AddResilientRedisCache(this IServiceCollection services, RedisCacheOptions redisCacheOptions, Action<ResilientCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(redisCacheOptions);
        var builder = services.AddResilientRedisCache(o =>
        {
            o.Configuration = redisCacheOptions.ConfigurationOptions is null && redisCacheOptions.ConnectionMultiplexerFactory is null ? redisCacheOptions.Configuration : null;
            o.KeyPrefix = redisCacheOptions.InstanceName ?? string.Empty;
            configure?.Invoke(o);
        });
        if (redisCacheOptions.ConnectionMultiplexerFactory is { } factory)
        {
            builder.WithConnectionMultiplexerFactory(factory);
        }
        else if (redisCacheOptions.ConfigurationOptions is { } configuration)
        {
            builder.WithConfigurationOptions(configuration);
        }

        return builder;
    }
}
