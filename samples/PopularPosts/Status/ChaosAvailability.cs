namespace PopularPosts.Status;

/// <summary>Whether the <c>/chaos/*</c> buttons apply, and the launched processes.</summary>
/// <param name="Available">Whether the sample launched the Redis it uses.</param>
/// <param name="Message">Why not, or what the buttons act on.</param>
/// <param name="ReplicationProxies">Whether <c>/chaos/replication/*</c> applies (topology replication).</param>
/// <param name="Processes">The launched processes.</param>
public sealed record ChaosAvailability(bool Available, string Message, bool ReplicationProxies, IReadOnlyList<LocalNodeState> Processes);
