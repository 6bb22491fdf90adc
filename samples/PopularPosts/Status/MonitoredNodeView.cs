namespace PopularPosts.Status;

/// <summary>A node as the cache's topology monitor sees it.</summary>
/// <param name="EndPoint">The node.</param>
/// <param name="Role">Master or Replica.</param>
/// <param name="IsReachable">Whether it answered the last poll.</param>
/// <param name="LagSeconds">Measured lag of a replica; <see langword="null"/> when unknown.</param>
/// <param name="LagBytes">Offset lag of a replica.</param>
/// <param name="MasterEndPoint">The master a replica follows.</param>
public sealed record MonitoredNodeView(string EndPoint, string Role, bool IsReachable, double? LagSeconds, long LagBytes, string? MasterEndPoint);
