namespace ResilientCaching.Testing.Internal.Processes;

/// <summary>What a harness-started process is.</summary>
internal enum NodeKind
{
    /// <summary>A data node: standalone, master, replica or cluster node.</summary>
    Server,

    /// <summary>A <c>redis-server --sentinel</c> process.</summary>
    Sentinel,
}
