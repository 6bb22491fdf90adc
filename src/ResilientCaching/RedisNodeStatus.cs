namespace ResilientCaching;

/// <summary>One node as the topology monitor last measured it (<c>INFO replication</c>).</summary>
public sealed record RedisNodeStatus
{
    /// <summary>Gets the node's endpoint (<c>host:port</c>).</summary>
    public required string EndPoint { get; init; }

    /// <summary>Gets the role the node reported.</summary>
    public RedisNodeRole Role { get; init; }

    /// <summary>Gets a value indicating whether the node answered the last poll.</summary>
    public bool IsReachable { get; init; }

    /// <summary>Gets the node's replication offset: <c>master_repl_offset</c> on a master, <c>slave_repl_offset</c> on a replica.</summary>
    public long ReplicationOffset { get; init; }

    /// <summary>Gets a value indicating whether a replica's link to its master is up (<c>master_link_status</c>); <see langword="null"/> on a master.</summary>
    public bool? IsMasterLinkUp { get; init; }

    /// <summary>Gets how long a replica's link has been down (<c>master_link_down_since_seconds</c>), if it is.</summary>
    public TimeSpan? MasterLinkDownFor { get; init; }

    /// <summary>Gets how many bytes of the master's replication stream a replica has not applied (0 on the master).</summary>
    public long LagBytes { get; init; }

    /// <summary>
    /// Gets how far behind a replica is in time: how long ago the master was at the offset the replica has reached
    /// (measured from offset samples, not Redis's <c>lag=</c> heartbeat). Zero on the master.
    /// </summary>
    public TimeSpan Lag { get; init; }

    /// <summary>
    /// Gets the master a replica follows, matched to a monitored master (in Cluster, its shard's master); <see langword="null"/>
    /// on a master.
    /// </summary>
    public string? MasterEndPoint { get; init; }

    /// <summary>Gets when the node last answered.</summary>
    public DateTimeOffset LastSeen { get; init; }
}
