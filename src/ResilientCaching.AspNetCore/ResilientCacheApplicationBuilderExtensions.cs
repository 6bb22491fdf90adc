using Microsoft.AspNetCore.Builder;
using ResilientCaching.AspNetCore;
using ResilientCaching.AspNetCore.Consistency;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the resilient cache's middleware (read-your-writes, endpoint fail-safe) to the request pipeline.</summary>
public static class ResilientCacheApplicationBuilderExtensions
{
    /// <summary>
    /// Gives every request a <see cref="ResilientCaching.ConsistencyScope"/> from the client's token (header and/or
    /// cookie, see <see cref="ReadYourWritesOptions"/>), and returns the new token after a write, so a user who just
    /// wrote sees it on the next page even when replicas lag. Place it before the endpoints (and before output caching).
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseResilientCacheReadYourWrites(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<ReadYourWritesMiddleware>();
    }

    /// <summary>
    /// Serves the last good response of a <see cref="ResilientCacheAttribute.FailSafe"/> endpoint when it throws or
    /// answers 5xx. Place it after <c>app.UseOutputCache()</c> (responses served from the output cache skip it).
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseResilientCacheFailSafe(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<ResilientCaching.AspNetCore.OutputCaching.FailSafeResponseMiddleware>();
    }
}
