using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResilientCaching;
using ResilientCaching.AspNetCore;
using ResilientCaching.AspNetCore.OutputCaching;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers endpoint caching over the resilient cache.</summary>
public static class ResilientOutputCacheExtensions
{
    /// <summary>
    /// Adds ASP.NET Core output caching with its store in the resilient cache: <c>[OutputCache]</c>, <c>.CacheOutput()</c>,
    /// <see cref="ResilientCacheAttribute"/> and <c>CacheResponse()</c> all cache in memory + Redis and survive Redis
    /// failures. Call <c>AddResilientRedisCache</c> too, and <c>app.UseOutputCache()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the profiles.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddResilientOutputCache(this IServiceCollection services, Action<ResilientOutputCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOutputCache();
        services.Replace(ServiceDescriptor.Singleton<IOutputCacheStore>(sp => new ResilientOutputCacheStore(sp.GetRequiredService<IResilientCache>())));
        var options = services.AddOptions<ResilientOutputCacheOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services;
    }

    /// <summary>Like <see cref="AddResilientOutputCache(IServiceCollection, Action{ResilientOutputCacheOptions}?)"/>, with profiles bound from <paramref name="configuration"/> (its <c>Profiles</c> section).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <c>Profiles:{name}:Duration</c>, <c>...:Tags</c>, and so on.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddResilientOutputCache(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddResilientOutputCache(o =>
        {
            foreach (var section in configuration.GetSection("Profiles").GetChildren())
            {
                var profile = new ResilientCacheProfile();
                section.Bind(profile);
                o.Profiles[section.Key] = profile;
            }
        });
    }

    /// <summary>Caches the responses of these endpoints (for example a route group) with the given settings.</summary>
    /// <typeparam name="TBuilder">The endpoint convention builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="settings">The settings; <see langword="null"/> uses the defaults.</param>
    /// <returns>The builder.</returns>
    public static TBuilder CacheResponse<TBuilder>(this TBuilder builder, ResilientCacheAttribute? settings = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var policy = settings ?? new ResilientCacheAttribute();
        builder.Add(endpoint => endpoint.Metadata.Add(policy));
        return builder;
    }
}
