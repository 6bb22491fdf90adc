namespace ResilientCaching;

/// <summary>Where a cached value came from.</summary>
public enum CacheLevel
{
    /// <summary>No level had the value.</summary>
    None = 0,

    /// <summary>The in-process memory level.</summary>
    Memory = 1,

    /// <summary>Redis.</summary>
    Redis = 2,
}
