using ResilientCaching.Testing.Internal;
using ResilientCaching.Testing.Internal.Processes;
using ResilientCaching.Testing.Internal.Topology;

namespace ResilientCaching.Testing;

/// <summary>
/// A master and its replicas, each replica replicating through its own <see cref="ReplicationProxy"/> so a
/// test can make one replica lag (<see cref="ReplicationProxy.Hold"/>, <see cref="ReplicationProxy.SetDelay"/>)
/// while it keeps answering reads. Disposing it kills every process and stops every proxy.
/// </summary>
public sealed class RedisReplicationGroup : IAsyncDisposable
{
    private readonly Dictionary<RedisServerNode, ReplicationProxy> _proxies;
    private int _disposed;

    private RedisReplicationGroup(RedisServerNode master, IReadOnlyList<RedisServerNode> replicas, Dictionary<RedisServerNode, ReplicationProxy> proxies)
    {
        Master = master;
        Replicas = replicas;
        _proxies = proxies;
    }

    /// <summary>Gets the master.</summary>
    public RedisServerNode Master { get; }

    /// <summary>Gets the replicas, in start order.</summary>
    public IReadOnlyList<RedisServerNode> Replicas { get; }

    /// <summary>
    /// Gets a StackExchange.Redis connection string listing the master and every replica (clients connect to
    /// the replicas directly; only replication traffic goes through the proxies).
    /// </summary>
    public string ConnectionString => string.Join(',', Replicas.Prepend(Master).Select(n => n.EndPoint));

    /// <summary>Returns the proxy between <paramref name="replica"/> and the master.</summary>
    /// <param name="replica">One of <see cref="Replicas"/>.</param>
    /// <returns>The replica's proxy.</returns>
    /// <exception cref="ArgumentException"><paramref name="replica"/> is not a replica of this group.</exception>
    public ReplicationProxy ProxyFor(RedisServerNode replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return _proxies.TryGetValue(replica, out var proxy)
            ? proxy
            : throw new ArgumentException($"{replica} is not a replica of this group.", nameof(replica));
    }

    /// <summary>
    /// Waits until every replica's link to the master is up and it has processed the master's current
    /// replication offset. Times out (with a <see cref="RedisHarnessException"/>) while a proxy is held.
    /// </summary>
    /// <param name="timeout">How long to wait; 30 seconds when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the replicas are caught up.</returns>
    public Task WaitForReplicationAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ReplicationTopology.WaitCaughtUpAsync(Master, Replicas, timeout ?? RedisHarnessDefaults.TopologyTimeout, cancellationToken);

    /// <summary>Kills every process, stops every proxy and deletes the temp directories.</summary>
    /// <returns>A task that completes when everything is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await DisposeAllAsync(Replicas.Prepend(Master), _proxies.Values).ConfigureAwait(false);
    }

    internal static async Task<RedisReplicationGroup> StartAsync(int replicaCount, RedisNodeOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicaCount, 1);
        var nodes = new List<RedisServerNode>();
        var proxies = new Dictionary<RedisServerNode, ReplicationProxy>();
        try
        {
            var master = await RedisHarness.StartNodeAsync(NodeKind.Server, options, ReplicationTopology.DataNodeConfiguration, cancellationToken)
                .ConfigureAwait(false);
            nodes.Add(master);

            var replicaProxies = Enumerable.Range(0, replicaCount).Select(_ => ReplicationProxy.Start(master.EndPoint)).ToList();
            var starting = replicaProxies.Select(proxy => StartReplicaAsync(proxy, options, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(starting).ConfigureAwait(false);
            }
            finally
            {
                foreach (var (proxy, task) in replicaProxies.Zip(starting))
                {
                    if (task.IsCompletedSuccessfully)
                    {
                        nodes.Add(task.Result);
                        proxies[task.Result] = proxy;
                    }
                    else
                    {
                        await proxy.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }

            var replicas = nodes.Skip(1).ToList();
            var group = new RedisReplicationGroup(master, replicas, proxies);
            await group.WaitForReplicationAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return group;
        }
        catch
        {
            await DisposeAllAsync(nodes, proxies.Values).ConfigureAwait(false);
            throw;
        }
    }

    private static Task<RedisServerNode> StartReplicaAsync(ReplicationProxy proxy, RedisNodeOptions options, CancellationToken cancellationToken) =>
        RedisHarness.StartNodeAsync(NodeKind.Server, options, ReplicationTopology.ReplicaConfiguration(proxy.Port), cancellationToken);

    private static async Task DisposeAllAsync(IEnumerable<RedisServerNode> nodes, IEnumerable<ReplicationProxy> proxies)
    {
        await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask())).ConfigureAwait(false);
        await Task.WhenAll(proxies.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
