namespace ResilientCaching;

/// <summary>The replication topology at one moment: every node's role, reachability, offset and lag.</summary>
public sealed class RedisTopologySnapshot
{
    internal RedisTopologySnapshot(IReadOnlyList<RedisNodeStatus> nodes, DateTimeOffset timestamp)
    {
        Nodes = nodes;
        Timestamp = timestamp;
        Masters = [.. nodes.Where(n => n.Role == RedisNodeRole.Master && n.IsReachable)];
        Master = Masters.Count > 0 ? Masters[0] : null;
    }

    /// <summary>Gets an empty snapshot (before the first poll).</summary>
    public static RedisTopologySnapshot Empty { get; } = new([], DateTimeOffset.MinValue);

    /// <summary>Gets every known node.</summary>
    public IReadOnlyList<RedisNodeStatus> Nodes { get; }

    /// <summary>Gets the reachable master (in Cluster, the first of <see cref="Masters"/>), or <see langword="null"/> when none answered.</summary>
    public RedisNodeStatus? Master { get; }

    /// <summary>Gets every reachable master: one, or one per shard in Cluster.</summary>
    public IReadOnlyList<RedisNodeStatus> Masters { get; }

    /// <summary>Gets the replicas.</summary>
    public IEnumerable<RedisNodeStatus> Replicas => Nodes.Where(n => n.Role == RedisNodeRole.Replica);

    /// <summary>Gets the part of the topology serving one shard: its master and the replicas that follow it.</summary>
    /// <param name="masterEndPoint">The shard's master.</param>
    /// <returns>The shard's snapshot.</returns>
    public RedisTopologySnapshot ForShard(string masterEndPoint)
        => new([.. Nodes.Where(n => n.EndPoint == masterEndPoint || n.MasterEndPoint == masterEndPoint)], Timestamp);

    /// <summary>Gets when the snapshot was taken.</summary>
    public DateTimeOffset Timestamp { get; }
}
