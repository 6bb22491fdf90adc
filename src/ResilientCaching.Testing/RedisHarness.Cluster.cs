namespace ResilientCaching.Testing;

/// <content>Redis Cluster topologies.</content>
public static partial class RedisHarness
{
    /// <summary>
    /// Starts a Redis Cluster of <paramref name="masters"/> masters (slots split evenly) with
    /// <paramref name="replicasPerMaster"/> replicas each, and waits until every node reports
    /// <c>cluster_state:ok</c>, knows every other node and every replica is linked.
    /// </summary>
    /// <param name="masters">How many masters (at least 1). Default 3.</param>
    /// <param name="replicasPerMaster">How many replicas per master (0 or more). Default 1.</param>
    /// <param name="options">Process options for every node; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <returns>The running cluster; dispose it to kill every node.</returns>
    /// <exception cref="RedisNotInstalledException"><c>redis-server</c> was not found.</exception>
    /// <exception cref="RedisHarnessException">A node did not start or the cluster did not converge.</exception>
    public static Task<RedisClusterGroup> StartClusterAsync(
        int masters = 3,
        int replicasPerMaster = 1,
        RedisNodeOptions? options = null,
        CancellationToken cancellationToken = default) =>
        RedisClusterGroup.StartAsync(masters, replicasPerMaster, options ?? RedisNodeOptions.Default, cancellationToken);
}
