namespace PopularPosts;

/// <summary>The <c>--topology</c> values of the sample.</summary>
public static class SampleTopology
{
    /// <summary>Memory only: no Redis.</summary>
    public const string None = "none";

    /// <summary>One launched redis-server.</summary>
    public const string Standalone = "standalone";

    /// <summary>A launched master and two replicas, each replicating through a proxy that chaos can hold back.</summary>
    public const string Replication = "replication";

    /// <summary>A launched master, two replicas and three Sentinels: the default when redis-server is installed.</summary>
    public const string Sentinel = "sentinel";

    /// <summary>A launched Redis Cluster: three masters with one replica each.</summary>
    public const string Cluster = "cluster";

    /// <summary>Three launched standalone nodes used as independent shards (<c>ResilientCacheOptions.Shards</c>).</summary>
    public const string Sharded = "sharded";

    /// <summary>Redis given with <c>--redis</c>; not launched, so no chaos.</summary>
    public const string External = "external";

    /// <summary>The default topology.</summary>
    public const string Default = Sentinel;

    /// <summary>Gets the topologies the sample can launch.</summary>
    public static IReadOnlyList<string> Launchable { get; } = [Standalone, Replication, Sentinel, Cluster, Sharded];

    /// <summary>Gets every value <c>--topology</c> accepts.</summary>
    public static IReadOnlyList<string> All { get; } = [None, .. Launchable];
}
