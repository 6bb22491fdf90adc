namespace ResilientCaching.Testing;

/// <content>Master/replica topologies.</content>
public static partial class RedisHarness
{
    /// <summary>
    /// Starts a master and <paramref name="replicas"/> replicas, each replicating through its own
    /// <see cref="ReplicationProxy"/>, and waits until every replica is linked and caught up.
    /// </summary>
    /// <param name="replicas">How many replicas (at least 1). Default 2.</param>
    /// <param name="options">Process options for every node; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <returns>The running group; dispose it to kill every process.</returns>
    /// <exception cref="RedisNotInstalledException"><c>redis-server</c> was not found.</exception>
    /// <exception cref="RedisHarnessException">A node did not start or a replica did not sync.</exception>
    public static Task<RedisReplicationGroup> StartReplicationAsync(
        int replicas = 2,
        RedisNodeOptions? options = null,
        CancellationToken cancellationToken = default) =>
        RedisReplicationGroup.StartAsync(replicas, options ?? RedisNodeOptions.Default, cancellationToken);
}
