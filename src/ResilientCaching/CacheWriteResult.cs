namespace ResilientCaching;

/// <summary>The result of a write (<see cref="IResilientCache.SetAsync{T}"/>) or a removal (<see cref="IResilientCache.RemoveAsync"/>).</summary>
public readonly struct CacheWriteResult : IEquatable<CacheWriteResult>
{
    internal CacheWriteResult(CacheWriteStatus status, int replicasAcknowledged = 0, ConsistencyToken? consistencyToken = null)
    {
        Status = status;
        ReplicasAcknowledged = replicasAcknowledged;
        ConsistencyToken = consistencyToken;
    }

    /// <summary>Gets how far the write reached.</summary>
    public CacheWriteStatus Status { get; }

    /// <summary>Gets a value indicating whether Redis acknowledged the write.</summary>
    public bool IsWrittenToRedis => Status == CacheWriteStatus.Written;

    /// <summary>
    /// Gets how many replicas acknowledged the write (Redis <c>WAIT</c>), with <see cref="WriteDurability.Replicas"/>;
    /// 0 otherwise. Fewer than asked is not an error: act on it (for example, defer a notification).
    /// </summary>
    public int ReplicasAcknowledged { get; }

    /// <summary>
    /// Gets the read-your-writes token: the master replication offset right after the write, when the deployment has
    /// replicas and Redis acknowledged the write.
    /// </summary>
    public ConsistencyToken? ConsistencyToken { get; }

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
    public bool Equals(CacheWriteResult other)
        => Status == other.Status && ReplicasAcknowledged == other.ReplicasAcknowledged && Nullable.Equals(ConsistencyToken, other.ConsistencyToken);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CacheWriteResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Status, ReplicasAcknowledged, ConsistencyToken);

    /// <inheritdoc/>
    public override string ToString() => $"{Status}, replicas acknowledged: {ReplicasAcknowledged}, token: {ConsistencyToken?.ToString() ?? "none"}";
}
