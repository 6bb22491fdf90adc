using Microsoft.AspNetCore.Builder;
using ResilientCaching.AspNetCore;
using ResilientCaching.AspNetCore.Consistency;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds per-user read-your-writes to the request pipeline.</summary>
public static class ReadYourWritesApplicationBuilderExtensions
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
}
