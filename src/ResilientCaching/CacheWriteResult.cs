namespace ResilientCaching;

/// <summary>The result of a write (<see cref="IResilientCache.SetAsync{T}"/>) or a removal (<see cref="IResilientCache.RemoveAsync"/>).</summary>
public readonly struct CacheWriteResult : IEquatable<CacheWriteResult>
{
    internal CacheWriteResult(CacheWriteStatus status) => Status = status;

    /// <summary>Gets how far the write reached.</summary>
    public CacheWriteStatus Status { get; }

    /// <summary>Gets a value indicating whether Redis acknowledged the write.</summary>
    public bool IsWrittenToRedis => Status == CacheWriteStatus.Written;

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when both are equal.</returns>
    public static bool operator ==(CacheWriteResult left, CacheWriteResult right) => left.Equals(right);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(CacheWriteResult left, CacheWriteResult right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(CacheWriteResult other) => Status == other.Status;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CacheWriteResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)Status;

    /// <inheritdoc/>
    public override string ToString() => Status.ToString();
}
