namespace ResilientCaching;

/// <summary>Which Redis node a read may be served by.</summary>
public enum ReadPreference
{
    /// <summary>Always the master (the default): every read sees every acknowledged write.</summary>
    Master = 0,

    /// <summary>
    /// A replica whose measured lag is within <see cref="ResilientCacheEntryOptions.MaxReplicaLag"/>, whose link to the
    /// master is up and which has reached the caller's consistency token; otherwise the master.
    /// </summary>
    PreferReplica = 1,

    /// <summary>Only an eligible replica (same rules as <see cref="PreferReplica"/>); with none, the read is a miss and the factory answers.</summary>
    ReplicaOnly = 2,
}
