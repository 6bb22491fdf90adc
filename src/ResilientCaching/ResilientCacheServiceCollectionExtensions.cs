using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResilientCaching;
using ResilientCaching.Caching;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the resilient Redis cache.</summary>
public static class ResilientCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IResilientCache"/> as a singleton, with options bound from <paramref name="configuration"/>
    /// (for example <c>builder.Configuration.GetSection("ResilientCache")</c>) and validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding <see cref="ResilientCacheOptions"/>.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IResilientCacheBuilder AddResilientRedisCache(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services);
        services.AddOptions<ResilientCacheOptions>().Configure(o => ResilientCacheOptionsBinder.Bind(configuration, o));
        return builder;
    }

    /// <summary>Registers <see cref="IResilientCache"/> as a singleton, with options set by <paramref name="configure"/> and validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IResilientCacheBuilder AddResilientRedisCache(this IServiceCollection services, Action<ResilientCacheOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services);
        services.Configure(configure);
        return builder;
    }

    private static ResilientCacheBuilder AddCore(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ResilientCacheBuilder))?.ImplementationInstance;
        if (existing is ResilientCacheBuilder registered)
        {
            return registered;
        }

        var builder = new ResilientCacheBuilder(services);
        services.AddSingleton(builder);
        services.AddOptions<ResilientCacheOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResilientCacheOptions>, ResilientCacheOptionsValidator>());
        services.TryAddSingleton(static sp =>
        {
            var setup = sp.GetRequiredService<ResilientCacheBuilder>();
            return new ResilientCache(
                sp.GetRequiredService<IOptions<ResilientCacheOptions>>().Value,
                sp.GetService<ILoggerFactory>(),
                sp.GetService<TimeProvider>(),
                setup.Serializer?.Invoke(sp),
                setup.Multiplexer?.Invoke(sp) ?? (setup.ConfigurationOptions is null ? sp.GetService<IConnectionMultiplexer>() : null),
                setup.ConfigurationOptions,
                setup.MemoryOnly);
        });
        services.TryAddSingleton<IResilientCache>(static sp => sp.GetRequiredService<ResilientCache>());
        services.TryAddSingleton<IRedisTopologyView>(static sp => sp.GetRequiredService<ResilientCache>().Topology);
        return builder;
    }
}
