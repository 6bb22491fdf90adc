namespace ResilientCaching.Topology;

/// <summary>The nodes of every shard in one view; failovers of any shard are reported.</summary>
internal sealed class ShardedTopologyView : IRedisTopologyView
{
    private readonly IReadOnlyList<IRedisTopologyView> _shards;

    public ShardedTopologyView(IReadOnlyList<IRedisTopologyView> shards)
    {
        _shards = shards;
        foreach (var shard in shards)
        {
            shard.FailoverDetected += failover => FailoverDetected?.Invoke(failover);
        }
    }

    public event Action<RedisFailover>? FailoverDetected;

    public RedisTopologySnapshot Current
    {
        get
        {
            var snapshots = _shards.Select(s => s.Current).ToList();
            return new RedisTopologySnapshot([.. snapshots.SelectMany(s => s.Nodes)], snapshots.Max(s => s.Timestamp));
        }
    }

    public RedisFailover? LastFailover => _shards.Select(s => s.LastFailover).Where(f => f is not null).MaxBy(f => f!.DetectedAt);
}
