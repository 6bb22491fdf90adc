using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ResilientCaching.Caching;

/// <summary>The builder returned by <c>AddResilientRedisCache</c>; holds what the <c>With*</c> verbs chose.</summary>
internal sealed class ResilientCacheBuilder(IServiceCollection services) : IResilientCacheBuilder
{
    public IServiceCollection Services { get; } = services;

    public Func<IServiceProvider, ICacheSerializer>? Serializer { get; set; }

    public Func<IServiceProvider, IConnectionMultiplexer>? Multiplexer { get; set; }

    public ConfigurationOptions? ConfigurationOptions { get; set; }

    public bool MemoryOnly { get; set; }

    public Func<IServiceProvider, Func<Task<IConnectionMultiplexer>>>? MultiplexerFactory { get; set; }
}
