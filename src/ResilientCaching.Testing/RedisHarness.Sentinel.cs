namespace ResilientCaching.Testing;

/// <content>Sentinel topologies.</content>
public static partial class RedisHarness
{
    /// <summary>
    /// Starts a master, <paramref name="replicas"/> replicas and <paramref name="sentinels"/> Sentinel processes
    /// monitoring it as <paramref name="serviceName"/> (quorum: a majority), and waits until every sentinel has
    /// discovered the replicas and the other sentinels, so a failover can be elected straight away.
    /// </summary>
    /// <param name="replicas">How many replicas (at least 1). Default 2.</param>
    /// <param name="sentinels">How many sentinels (at least 1). Default 3.</param>
    /// <param name="serviceName">The monitored master's name. Default <c>mymaster</c>.</param>
    /// <param name="options">Process options for every node; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <returns>The running group; dispose it to kill every process.</returns>
    /// <exception cref="RedisNotInstalledException"><c>redis-server</c> was not found.</exception>
    /// <exception cref="RedisHarnessException">A process did not start or the sentinels did not converge.</exception>
    public static Task<RedisSentinelGroup> StartSentinelAsync(
        int replicas = 2,
        int sentinels = 3,
        string serviceName = "mymaster",
        RedisNodeOptions? options = null,
        CancellationToken cancellationToken = default) =>
        RedisSentinelGroup.StartAsync(replicas, sentinels, serviceName, options ?? RedisNodeOptions.Default, cancellationToken);
}
