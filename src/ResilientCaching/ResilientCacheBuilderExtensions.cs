using Microsoft.Extensions.DependencyInjection;
using ResilientCaching.Caching;
using StackExchange.Redis;

namespace ResilientCaching;

/// <summary>The <c>With*</c> verbs of <see cref="IResilientCacheBuilder"/>.</summary>
public static class ResilientCacheBuilderExtensions
{
    /// <summary>Uses <paramref name="serializer"/> for the values stored in Redis instead of System.Text.Json.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="serializer">The serializer.</param>
    /// <returns>The builder.</returns>
    public static IResilientCacheBuilder WithSerializer(this IResilientCacheBuilder builder, ICacheSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        return WithSerializer(builder, _ => serializer);
    }

    /// <summary>Uses the serializer built by <paramref name="factory"/> for the values stored in Redis.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Builds the serializer from the service provider.</param>
    /// <returns>The builder.</returns>
    public static IResilientCacheBuilder WithSerializer(this IResilientCacheBuilder builder, Func<IServiceProvider, ICacheSerializer> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        AsBuilder(builder).Serializer = factory;
        return builder;
    }

    /// <summary>
    /// Uses the multiplexer built by <paramref name="factory"/> instead of one registered in the container or created
    /// from <see cref="ResilientCacheOptions.Configuration"/>. The cache does not dispose it.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Builds (or returns) the multiplexer.</param>
    /// <returns>The builder.</returns>
    public static IResilientCacheBuilder WithConnectionMultiplexer(this IResilientCacheBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        AsBuilder(builder).Multiplexer = factory;
        return builder;
    }

    /// <summary>
    /// Connects with <paramref name="configuration"/> instead of <see cref="ResilientCacheOptions.Configuration"/>. The
    /// cache works on a copy and sets what resilience needs: no abort on connect failure, fail-fast instead of queueing
    /// while disconnected, <see cref="ResilientCacheOptions.ConnectTimeout"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The StackExchange.Redis configuration.</param>
    /// <returns>The builder.</returns>
    public static IResilientCacheBuilder WithConfigurationOptions(this IResilientCacheBuilder builder, ConfigurationOptions configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AsBuilder(builder).ConfigurationOptions = configuration;
        return builder;
    }

    /// <summary>
    /// Uses the multiplexer the application creates asynchronously (as <c>RedisCacheOptions.ConnectionMultiplexerFactory</c>
    /// does); awaited in the background, so start-up never waits for Redis. The cache does not dispose it.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the multiplexer.</param>
    /// <returns>The builder.</returns>
    public static IResilientCacheBuilder WithConnectionMultiplexerFactory(this IResilientCacheBuilder builder, Func<Task<IConnectionMultiplexer>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        AsBuilder(builder).MultiplexerFactory = _ => factory;
        return builder;
    }

    /// <summary>
    /// Runs without Redis: memory, stampede protection, fail-safe and timeouts only. For development machines and tests
    /// with no Redis; every write reports <see cref="CacheWriteStatus.MemoryOnly"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IResilientCacheBuilder WithoutRedis(this IResilientCacheBuilder builder)
    {
        AsBuilder(builder).MemoryOnly = true;
        return builder;
    }

    private static ResilientCacheBuilder AsBuilder(IResilientCacheBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder as ResilientCacheBuilder
            ?? throw new ArgumentException("Use the builder returned by AddResilientRedisCache.", nameof(builder));
    }
}
