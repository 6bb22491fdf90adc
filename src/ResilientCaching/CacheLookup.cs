namespace ResilientCaching;

/// <summary>The result of <see cref="IResilientCache.TryGetAsync{T}"/>.</summary>
/// <typeparam name="T">The type of the cached value.</typeparam>
public readonly struct CacheLookup<T>
{
    internal CacheLookup(T value, CacheLevel level)
    {
        Value = value;
        Level = level;
    }

    /// <summary>Gets a lookup that found nothing.</summary>
    public static CacheLookup<T> NotFound => default;

    /// <summary>Gets a value indicating whether a fresh value was found.</summary>
    public bool HasValue => Level != CacheLevel.None;

    /// <summary>Gets the value, or <see langword="default"/> when <see cref="HasValue"/> is <see langword="false"/>.</summary>
    public T? Value { get; }

    /// <summary>Gets the level that answered, or <see cref="CacheLevel.None"/>.</summary>
    public CacheLevel Level { get; }
}
