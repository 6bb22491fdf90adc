namespace ResilientCaching.Topology;

internal enum ReadRouteKind
{
    /// <summary>Read from the master.</summary>
    Master,

    /// <summary>Read from an eligible replica.</summary>
    Replica,

    /// <summary>The master is unreachable: read from a replica whatever its lag; the value is marked stale.</summary>
    StaleReplica,

    /// <summary>No node may serve this read: treat it as a miss.</summary>
    None,
}
