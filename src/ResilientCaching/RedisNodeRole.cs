namespace ResilientCaching;

/// <summary>The replication role a node reported.</summary>
public enum RedisNodeRole
{
    /// <summary>Not known yet (never answered).</summary>
    Unknown = 0,

    /// <summary>Takes writes.</summary>
    Master = 1,

    /// <summary>Copies a master and serves reads.</summary>
    Replica = 2,
}
