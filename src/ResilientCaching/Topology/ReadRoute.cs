namespace ResilientCaching.Topology;

/// <summary>Where one read goes.</summary>
internal readonly record struct ReadRoute(ReadRouteKind Kind, RedisNodeStatus? Replica, string? Reason)
{
    public static ReadRoute Master { get; } = new(ReadRouteKind.Master, null, null);

    public bool IsStale => Kind == ReadRouteKind.StaleReplica;
}
