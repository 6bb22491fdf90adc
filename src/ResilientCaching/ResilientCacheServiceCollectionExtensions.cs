using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResilientCaching;
using ResilientCaching.Caching;
using ResilientCaching.Topology;
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
            var options = sp.GetRequiredService<IOptions<ResilientCacheOptions>>().Value;
            ResilientCache Create(ResilientCacheOptions o, IConnectionMultiplexer? multiplexer, ConfigurationOptions? configuration, bool memoryOnly, Func<Task<IConnectionMultiplexer>>? factory = null) => new(
                o,
                sp.GetService<ILoggerFactory>(),
                sp.GetService<TimeProvider>(),
                setup.Serializer?.Invoke(sp),
                multiplexer,
                configuration,
                memoryOnly,
                factory,
                sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());

            if (options.Shards.Count > 0 && !setup.MemoryOnly)
            {
                var shards = options.Shards.Select(shard => Create(options.ForShard(shard), null, null, memoryOnly: false)).ToList();
                return new CacheShards(shards, new ShardedResilientCache(shards, [.. shards.Select(s => s.RedisEndPoints)]));
            }

            var factory = setup.MultiplexerFactory?.Invoke(sp);
            var single = Create(
                options,
                setup.Multiplexer?.Invoke(sp) ?? (setup.ConfigurationOptions is null && factory is null ? sp.GetService<IConnectionMultiplexer>() : null),
                setup.ConfigurationOptions,
                setup.MemoryOnly,
                factory);
            return new CacheShards([single], single);
        });
        services.TryAddSingleton(static sp => sp.GetRequiredService<CacheShards>().All[0]);
        services.TryAddSingleton(static sp => sp.GetRequiredService<CacheShards>().Cache);
        services.TryAddSingleton<IDistributedCache>(static sp => new ResilientDistributedCache(sp.GetRequiredService<IResilientCache>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<IRedisTopologyView>(static sp =>
        {
            var shards = sp.GetRequiredService<CacheShards>().All;
            return shards.Count == 1 ? shards[0].Topology : new ShardedTopologyView([.. shards.Select(s => s.Topology)]);
        });
        return builder;
    }
}
