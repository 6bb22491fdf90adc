using Microsoft.Extensions.DependencyInjection;

namespace ResilientCaching;

/// <summary>Configures the resilient cache registered by <c>AddResilientRedisCache</c>.</summary>
public interface IResilientCacheBuilder
{
    /// <summary>Gets the service collection the cache is registered in.</summary>
    IServiceCollection Services { get; }
}
