using Microsoft.AspNetCore.OutputCaching;
using ResilientCaching.AspNetCore.OutputCaching;

namespace ResilientCaching.AspNetCore;

/// <summary>
/// Caches the endpoint's response through ASP.NET Core output caching stored in the resilient cache (memory + Redis).
/// Usable on controllers, actions and minimal-API handlers; <c>CacheResponse()</c> applies it to route groups.
/// Requires <c>AddResilientOutputCache()</c> and <c>app.UseOutputCache()</c>.
/// </summary>
/// <remarks>Safe by default: only GET/HEAD, only 200, never requests with credentials or responses that set a cookie.</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Delegate, AllowMultiple = false, Inherited = true)]
public sealed class ResilientCacheAttribute : Attribute, IOutputCachePolicy
{
    private IOutputCachePolicy? _policy;

    /// <summary>Gets how long a response is cached, in seconds. Default 60.</summary>
    public int Duration { get; init; } = 60;

    /// <summary>Gets the query keys that vary the cached response (<c>*</c> for all).</summary>
    public string[]? VaryByQueryKeys { get; init; }

    /// <summary>Gets the request headers that vary the cached response.</summary>
    public string[]? VaryByHeaderNames { get; init; }

    /// <summary>Gets the route values that vary the cached response.</summary>
    public string[]? VaryByRouteValueNames { get; init; }

    /// <summary>Gets the tags of the cached response, for eviction with <c>IOutputCacheStore.EvictByTagAsync</c> or <c>IResilientCache.RemoveByTagAsync</c>.</summary>
    public string[]? Tags { get; init; }

    /// <summary>
    /// Gets a value indicating whether, when the endpoint throws or answers 5xx, its last good response is served
    /// instead (marked <c>X-Cache-Stale: 1</c>). Needs <c>app.UseResilientCacheFailSafe()</c> after
    /// <c>app.UseOutputCache()</c>. Default <see langword="true"/>.
    /// </summary>
    public bool FailSafe { get; init; } = true;

    /// <summary>Gets how long the last good response is kept for <see cref="FailSafe"/>, in seconds. Default one day.</summary>
    public int FailSafeMaxDurationSeconds { get; init; } = 86_400;

    /// <summary>Gets which Redis node may serve the cached response. Default <see cref="ResilientCaching.ReadPreference.Master"/>.</summary>
    public ReadPreference ReadPreference { get; init; }

    /// <summary>Gets the largest replica lag accepted with a replica read preference, in milliseconds. Default 1000.</summary>
    public int MaxReplicaLagMilliseconds { get; init; } = 1000;

    /// <summary>Gets a value indicating whether the response must not be cached at all.</summary>
    public bool NoStore { get; init; }

    /// <summary>Gets a value indicating whether responses to requests with credentials are cached, one copy per user. Default <see langword="false"/>.</summary>
    public bool CacheAuthenticatedRequests { get; init; }

    /// <summary>Gets a value indicating whether responses that set a cookie are cached. Default <see langword="false"/>.</summary>
    public bool CacheResponsesWithCookies { get; init; }

    /// <summary>Gets the name of a profile in <see cref="ResilientOutputCacheOptions.Profiles"/> (from configuration) whose settings apply; the attribute's explicit settings are the defaults it overrides.</summary>
    public string? Profile { get; init; }

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation) => Policy.CacheRequestAsync(context, cancellation);

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => Policy.ServeFromCacheAsync(context, cancellation);

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => Policy.ServeResponseAsync(context, cancellation);

    /// <summary>Mapped once onto the policy and memoised, as ASP.NET Core's <c>OutputCacheAttribute</c> does.</summary>
    private IOutputCachePolicy Policy => _policy ??= new EndpointCachePolicy(this);
}
