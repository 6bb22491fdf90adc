using ResilientCaching.Testing.Internal.Processes;

namespace ResilientCaching.Testing;

/// <summary>
/// Starts real Redis topologies on 127.0.0.1 for integration tests: a standalone server, a master with
/// replicas behind fault-injecting proxies, a Sentinel group, or a Redis Cluster. Every process runs in its
/// own temp directory and is killed when the returned object is disposed (or when the test host exits).
/// Throws <see cref="RedisNotInstalledException"/> when <c>redis-server</c> is missing: tests fail, never skip.
/// </summary>
public static partial class RedisHarness
{
    /// <summary>Starts one standalone <c>redis-server</c> and waits until it answers PING.</summary>
    /// <param name="options">Process options; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <returns>The running node; dispose it to kill the process.</returns>
    /// <exception cref="RedisNotInstalledException"><c>redis-server</c> was not found.</exception>
    /// <exception cref="RedisHarnessException">The server did not come up; the message has the log tail.</exception>
    public static Task<RedisServerNode> StartStandaloneAsync(RedisNodeOptions? options = null, CancellationToken cancellationToken = default) =>
        StartNodeAsync(NodeKind.Server, options ?? RedisNodeOptions.Default, [], cancellationToken);

    internal static async Task<RedisServerNode> StartNodeAsync(
        NodeKind kind,
        RedisNodeOptions options,
        IReadOnlyList<string> roleConfiguration,
        CancellationToken cancellationToken)
    {
        var node = new RedisServerNode(kind, options, roleConfiguration);
        try
        {
            await node.StartAsync(cancellationToken).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
