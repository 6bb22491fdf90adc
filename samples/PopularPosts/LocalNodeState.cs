namespace PopularPosts;

/// <summary>One launched process as the status page shows it.</summary>
/// <param name="Kind">What it was launched as (<c>initial master</c>, <c>replica</c>, <c>sentinel</c>, <c>shard</c>...).</param>
/// <param name="EndPoint">Its <c>host:port</c>.</param>
/// <param name="IsRunning">Whether the process runs (false once killed).</param>
/// <param name="IsPaused">Whether it is frozen (SIGSTOP).</param>
/// <param name="ReplicationHeld">For replicas behind a replication proxy, whether their stream is held.</param>
/// <param name="IsChaosTarget">Whether it is the node the last kill or pause hit (resume and restart act on it).</param>
public sealed record LocalNodeState(string Kind, string EndPoint, bool IsRunning, bool IsPaused, bool? ReplicationHeld, bool IsChaosTarget);
