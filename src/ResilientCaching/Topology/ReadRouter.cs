namespace ResilientCaching.Topology;

/// <summary>
/// Chooses the node for a read from the monitor's snapshot. Pure logic: a replica serves a read only when it answered
/// recently, its link to the master is up, its measured lag is within the bound and it has reached the caller's token;
/// when the master is unreachable, any recently-seen replica that reached the token serves it, marked stale.
/// </summary>
internal static class ReadRouter
{
    public static ReadRoute Choose(
        RedisTopologySnapshot snapshot,
        bool masterAvailable,
        ReadPreference preference,
        TimeSpan maxLag,
        ConsistencyToken? token,
        DateTimeOffset now,
        TimeSpan maxStatusAge,
        int spread)
    {
        if (!masterAvailable)
        {
            var fallback = Pick(snapshot.Nodes, n => IsRecent(n, now, maxStatusAge) && HasReached(n, token), spread);
            return fallback is null ? new ReadRoute(ReadRouteKind.None, null, "master_down") : new ReadRoute(ReadRouteKind.StaleReplica, fallback, "master_down");
        }

        if (preference == ReadPreference.Master)
        {
            return ReadRoute.Master;
        }

        var eligible = Pick(
            snapshot.Nodes,
            n => IsRecent(n, now, maxStatusAge) && n.IsMasterLinkUp == true && n.Lag <= maxLag && HasReached(n, token),
            spread);
        if (eligible is not null)
        {
            return new ReadRoute(ReadRouteKind.Replica, eligible, null);
        }

        var reason = snapshot.Replicas.Any() ? "replica_lagging" : "no_replica";
        return preference == ReadPreference.ReplicaOnly
            ? new ReadRoute(ReadRouteKind.None, null, reason)
            : new ReadRoute(ReadRouteKind.Master, null, reason);
    }

    private static bool IsRecent(RedisNodeStatus node, DateTimeOffset now, TimeSpan maxStatusAge)
        => node.Role == RedisNodeRole.Replica && node.IsReachable && now - node.LastSeen <= maxStatusAge;

    private static bool HasReached(RedisNodeStatus node, ConsistencyToken? token)
        => token is null || node.ReplicationOffset >= token.Value.Offset;

    private static RedisNodeStatus? Pick(IReadOnlyList<RedisNodeStatus> nodes, Func<RedisNodeStatus, bool> eligible, int spread)
    {
        var count = 0;
        foreach (var node in nodes)
        {
            if (eligible(node))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return null;
        }

        var chosen = (int)((uint)spread % (uint)count);
        foreach (var node in nodes)
        {
            if (eligible(node) && chosen-- == 0)
            {
                return node;
            }
        }

        return null;
    }
}
