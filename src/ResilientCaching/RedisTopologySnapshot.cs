namespace ResilientCaching;

/// <summary>The replication topology at one moment: every node's role, reachability, offset and lag.</summary>
public sealed class RedisTopologySnapshot
{
    internal RedisTopologySnapshot(IReadOnlyList<RedisNodeStatus> nodes, DateTimeOffset timestamp)
    {
        Nodes = nodes;
        Timestamp = timestamp;
        Master = nodes.FirstOrDefault(n => n.Role == RedisNodeRole.Master && n.IsReachable);
    }

    /// <summary>Gets an empty snapshot (before the first poll).</summary>
    public static RedisTopologySnapshot Empty { get; } = new([], DateTimeOffset.MinValue);

    /// <summary>Gets every known node.</summary>
    public IReadOnlyList<RedisNodeStatus> Nodes { get; }

    /// <summary>Gets the reachable master, or <see langword="null"/> when none answered.</summary>
    public RedisNodeStatus? Master { get; }

    /// <summary>Gets the replicas.</summary>
    public IEnumerable<RedisNodeStatus> Replicas => Nodes.Where(n => n.Role == RedisNodeRole.Replica);

    /// <summary>Gets when the snapshot was taken.</summary>
    public DateTimeOffset Timestamp { get; }
}
