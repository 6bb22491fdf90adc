namespace ResilientCaching;

/// <summary>The result of <see cref="IResilientCache.TryGetAsync{T}"/>.</summary>
/// <typeparam name="T">The type of the cached value.</typeparam>
public readonly struct CacheLookup<T>
{
    internal CacheLookup(T value, CacheLevel level, bool isStale = false)
    {
        Value = value;
        Level = level;
        IsStale = isStale;
    }

    /// <summary>Gets a lookup that found nothing.</summary>
    public static CacheLookup<T> NotFound => default;

    /// <summary>Gets a value indicating whether a value was found.</summary>
    public bool HasValue => Level != CacheLevel.None;

    /// <summary>Gets the value, or <see langword="default"/> when <see cref="HasValue"/> is <see langword="false"/>.</summary>
    public T? Value { get; }

    /// <summary>Gets the level that answered, or <see cref="CacheLevel.None"/>.</summary>
    public CacheLevel Level { get; }

    /// <summary>
    /// Gets a value indicating whether the value may be older than the read preference allows: the master was
    /// unreachable and a replica answered regardless of its lag (the best data available).
    /// </summary>
    public bool IsStale { get; }
}
