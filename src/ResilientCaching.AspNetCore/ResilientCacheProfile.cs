namespace ResilientCaching.AspNetCore;

/// <summary>A named set of endpoint caching settings, bound from configuration (<c>ResilientOutputCache:Profiles:{name}</c>).</summary>
public sealed class ResilientCacheProfile
{
    /// <summary>Gets or sets how long a response is cached, in seconds.</summary>
    public int? Duration { get; set; }

    /// <summary>Gets or sets the query keys that vary the response.</summary>
    public string[]? VaryByQueryKeys { get; set; }

    /// <summary>Gets or sets the request headers that vary the response.</summary>
    public string[]? VaryByHeaderNames { get; set; }

    /// <summary>Gets or sets the tags of the response.</summary>
    public string[]? Tags { get; set; }

    /// <summary>Gets or sets whether the last good response is served when the endpoint fails.</summary>
    public bool? FailSafe { get; set; }

    /// <summary>Gets or sets the read preference.</summary>
    public ReadPreference? ReadPreference { get; set; }

    /// <summary>Gets or sets the largest replica lag accepted, in milliseconds.</summary>
    public int? MaxReplicaLagMilliseconds { get; set; }

    /// <summary>Gets or sets whether the response must not be cached.</summary>
    public bool? NoStore { get; set; }

    /// <summary>The profile's settings over <paramref name="defaults"/>.</summary>
    internal ResilientCacheAttribute Apply(ResilientCacheAttribute defaults) => new()
    {
        Duration = Duration ?? defaults.Duration,
        VaryByQueryKeys = VaryByQueryKeys ?? defaults.VaryByQueryKeys,
        VaryByHeaderNames = VaryByHeaderNames ?? defaults.VaryByHeaderNames,
        VaryByRouteValueNames = defaults.VaryByRouteValueNames,
        Tags = Tags ?? defaults.Tags,
        FailSafe = FailSafe ?? defaults.FailSafe,
        FailSafeMaxDurationSeconds = defaults.FailSafeMaxDurationSeconds,
        ReadPreference = ReadPreference ?? defaults.ReadPreference,
        MaxReplicaLagMilliseconds = MaxReplicaLagMilliseconds ?? defaults.MaxReplicaLagMilliseconds,
        NoStore = NoStore ?? defaults.NoStore,
        CacheAuthenticatedRequests = defaults.CacheAuthenticatedRequests,
        CacheResponsesWithCookies = defaults.CacheResponsesWithCookies,
    };
}
