using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ResilientCaching.AspNetCore.OutputCaching;

/// <summary>
/// The output-caching policy behind <see cref="ResilientCacheAttribute"/> and <c>CacheResponse</c>. Safe by default, as
/// ASP.NET Core's own: only GET and HEAD, only 200, never a request with credentials or a response that sets a cookie —
/// unless the policy opts in (authenticated responses are then varied by user).
/// </summary>
internal sealed class EndpointCachePolicy(ResilientCacheAttribute settings) : IOutputCachePolicy
{
    private static readonly AsyncLocal<ResilientCacheEntryOptions?> s_entryOptions = new();

    /// <summary>Gets the entry options of the request being served, for the store (read preference, lag bound).</summary>
    public static ResilientCacheEntryOptions? CurrentEntryOptions => s_entryOptions.Value;

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var effective = Resolve(context.HttpContext);
        if (effective.NoStore)
        {
            context.EnableOutputCaching = false;
            return ValueTask.CompletedTask;
        }

        var request = context.HttpContext.Request;
        var authenticated = !StringValues.IsNullOrEmpty(request.Headers.Authorization) || context.HttpContext.User.Identity?.IsAuthenticated == true;
        var attempt = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && (!authenticated || effective.CacheAuthenticatedRequests);

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = attempt;
        context.AllowCacheStorage = attempt;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(effective.Duration);
        context.CacheVaryByRules.QueryKeys = effective.VaryByQueryKeys ?? [];
        context.CacheVaryByRules.HeaderNames = effective.VaryByHeaderNames ?? [];
        context.CacheVaryByRules.RouteValueNames = effective.VaryByRouteValueNames ?? [];
        if (authenticated && effective.CacheAuthenticatedRequests)
        {
            // One cached copy per user, never shared.
            // The user's name, or a hash of the credentials: a bearer token must never become part of a Redis key.
            context.CacheVaryByRules.VaryByValues["resilientcaching:user"] = context.HttpContext.User.Identity?.Name
                ?? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString())));
        }

        foreach (var tag in effective.Tags ?? [])
        {
            context.Tags.Add(tag);
        }

        s_entryOptions.Value = ResilientCacheEntryOptions.Default
            .WithReadPreference(effective.ReadPreference, TimeSpan.FromMilliseconds(effective.MaxReplicaLagMilliseconds));
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.ContainsKey(FailSafeResponseMiddleware.StaleHeader)
            || (!StringValues.IsNullOrEmpty(response.Headers.SetCookie) && !Resolve(context.HttpContext).CacheResponsesWithCookies))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The attribute's settings over the named profile's, if any.</summary>
    private ResilientCacheAttribute Resolve(HttpContext context)
    {
        if (settings.Profile is null)
        {
            return settings;
        }

        var profiles = context.RequestServices.GetRequiredService<IOptions<ResilientOutputCacheOptions>>().Value.Profiles;
        return profiles.TryGetValue(settings.Profile, out var profile)
            ? profile.Apply(settings)
            : throw new InvalidOperationException($"No ResilientCache output-cache profile named '{settings.Profile}' is configured (ResilientOutputCacheOptions.Profiles).");
    }
}
