namespace ResilientCaching.AspNetCore;

/// <summary>Options of endpoint caching.</summary>
public sealed class ResilientOutputCacheOptions
{
    /// <summary>Gets the named profiles that <see cref="ResilientCacheAttribute.Profile"/> refers to.</summary>
    public IDictionary<string, ResilientCacheProfile> Profiles { get; } = new Dictionary<string, ResilientCacheProfile>(StringComparer.OrdinalIgnoreCase);
}
