namespace PopularPosts.Status;

/// <summary>One replica's measured lag.</summary>
/// <param name="Server">The replica (<c>host:port</c>).</param>
/// <param name="Seconds">Lag in time, if reported.</param>
/// <param name="Bytes">Lag in replication-stream bytes, if reported.</param>
public sealed record ReplicaLagView(string Server, double? Seconds, long? Bytes);
