namespace ResilientCaching;

/// <summary>How far a write must reach before <c>SetAsync</c> / <c>RemoveAsync</c> return.</summary>
public sealed class WriteDurability
{
    private WriteDurability(WriteDurabilityKind kind, int replicaCount, TimeSpan timeout)
    {
        Kind = kind;
        ReplicaCount = replicaCount;
        Timeout = timeout;
    }

    /// <summary>Gets durability that sends the write without waiting for an answer (status <see cref="CacheWriteStatus.Sent"/>).</summary>
    public static WriteDurability FireAndForget { get; } = new(WriteDurabilityKind.FireAndForget, 0, TimeSpan.Zero);

    /// <summary>Gets durability that waits for the master's acknowledgement (the default).</summary>
    public static WriteDurability Master { get; } = new(WriteDurabilityKind.Master, 0, TimeSpan.Zero);

    /// <summary>Gets the kind of durability.</summary>
    public WriteDurabilityKind Kind { get; }

    /// <summary>Gets how many replicas must acknowledge, for <see cref="WriteDurabilityKind.Replicas"/>.</summary>
    public int ReplicaCount { get; }

    /// <summary>Gets how long to wait for the replicas, for <see cref="WriteDurabilityKind.Replicas"/>.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Waits (Redis <c>WAIT</c>) until <paramref name="count"/> replicas acknowledge the write or <paramref name="timeout"/>
    /// passes. Never throws when fewer acknowledge: the result's <see cref="CacheWriteResult.ReplicasAcknowledged"/>
    /// tells the caller, who decides (for example, defer a push notification).
    /// </summary>
    /// <param name="count">The number of replicas; at least 1.</param>
    /// <param name="timeout">How long to wait; greater than zero, at most one minute.</param>
    /// <returns>The durability.</returns>
    public static WriteDurability Replicas(int count, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The WAIT timeout must be greater than zero and at most one minute.");
        }

        return new WriteDurability(WriteDurabilityKind.Replicas, count, timeout);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind == WriteDurabilityKind.Replicas ? $"Replicas({ReplicaCount}, {Timeout})" : Kind.ToString();
}
