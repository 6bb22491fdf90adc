using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.OutputCaching;

namespace ResilientCaching.AspNetCore.OutputCaching;

/// <summary>
/// ASP.NET Core output caching stored in the resilient cache: responses live in memory and Redis, survive a Redis
/// outage (memory, and the endpoint simply runs), and tag eviction reaches every app instance. Never throws because of
/// Redis, so a cached endpoint never answers 500 because of the cache.
/// </summary>
internal sealed class ResilientOutputCacheStore(IResilientCache cache) : IOutputCacheStore
{
    private const string Prefix = "oc:";
    private const int MaxPlainKeyLength = 512;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var lookup = await cache.TryGetAsync<byte[]>(StoreKey(key), EndpointCachePolicy.CurrentEntryOptions, cancellationToken).ConfigureAwait(false);
        return lookup.Value;
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        // Output caching serves only fresh responses: no stale copy is kept past validFor.
        var options = (EndpointCachePolicy.CurrentEntryOptions ?? ResilientCacheEntryOptions.Default) with
        {
            Duration = validFor,
            IsFailSafeEnabled = false,
            Tags = tags is { Length: > 0 } ? tags : null,
        };

        // Storing a response is not the user's write: keep it out of the request's read-your-writes token.
        using var detached = ConsistencyScope.Begin();
        await cache.SetAsync(StoreKey(key), value, options, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        await cache.RemoveByTagAsync(tag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Output-cache keys hold method, host, path and query: long ones are hashed so no request is refused.</summary>
    private static string StoreKey(string key)
    {
        if (key.Length <= MaxPlainKeyLength)
        {
            return Prefix + key;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Prefix + "#" + Convert.ToHexString(hash);
    }
}
