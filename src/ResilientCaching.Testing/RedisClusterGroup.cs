using System.Globalization;
using ResilientCaching.Testing.Internal;
using ResilientCaching.Testing.Internal.Processes;
using ResilientCaching.Testing.Internal.Topology;

namespace ResilientCaching.Testing;

/// <summary>
/// A Redis Cluster on 127.0.0.1: masters with the 16384 slots split evenly, each with its replicas, built
/// deterministically with <c>CLUSTER ADDSLOTSRANGE</c>, <c>CLUSTER MEET</c> and <c>CLUSTER REPLICATE</c>
/// (<c>cluster-node-timeout 1000</c>). Disposing it kills every node.
/// </summary>
public sealed class RedisClusterGroup : IAsyncDisposable
{
    private int _disposed;

    private RedisClusterGroup(IReadOnlyList<RedisServerNode> masters, IReadOnlyList<RedisServerNode> replicas)
    {
        Masters = masters;
        Replicas = replicas;
        Nodes = [.. masters, .. replicas];
    }

    /// <summary>Gets every node, masters first.</summary>
    public IReadOnlyList<RedisServerNode> Nodes { get; }

    /// <summary>Gets the initial masters; master <c>i</c> of <c>n</c> owns slots <c>i*16384/n</c> up to the next master's first slot.</summary>
    public IReadOnlyList<RedisServerNode> Masters { get; }

    /// <summary>Gets the initial replicas; replica <c>j</c> replicates <c>Masters[j % Masters.Count]</c>.</summary>
    public IReadOnlyList<RedisServerNode> Replicas { get; }

    /// <summary>Gets every node's endpoint (<c>127.0.0.1:port</c>), for a client's seed list.</summary>
    public IReadOnlyList<string> SeedEndPoints => Nodes.Select(n => n.EndPoint).ToList();

    /// <summary>Gets a StackExchange.Redis connection string listing every node.</summary>
    public string ConnectionString => string.Join(',', SeedEndPoints);

    /// <summary>Returns the replicas initially attached to <paramref name="master"/>.</summary>
    /// <param name="master">One of <see cref="Masters"/>.</param>
    /// <returns>Its replicas (empty when started without replicas).</returns>
    /// <exception cref="ArgumentException"><paramref name="master"/> is not one of <see cref="Masters"/>.</exception>
    public IReadOnlyList<RedisServerNode> ReplicasOf(RedisServerNode master)
    {
        ArgumentNullException.ThrowIfNull(master);
        var index = Masters.ToList().IndexOf(master);
        if (index < 0)
        {
            throw new ArgumentException($"{master} is not an initial master of this cluster.", nameof(master));
        }

        return Replicas.Where((_, j) => j % Masters.Count == index).ToList();
    }

    /// <summary>Returns the node that currently serves <paramref name="key"/>'s slot as master (per <c>CLUSTER SLOTS</c>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <returns>The owning master.</returns>
    /// <exception cref="RedisHarnessException">No running node could answer or the slot is unassigned.</exception>
    public async Task<RedisServerNode> GetMasterForKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var node = Nodes.FirstOrDefault(n => n.IsRunning && !n.IsPaused)
            ?? throw new RedisHarnessException("No cluster node is running.");
        var slot = (await node.ExecuteCheckedAsync(cancellationToken, "CLUSTER", "KEYSLOT", key).ConfigureAwait(false)).AsInt64();
        var slots = await node.ExecuteCheckedAsync(cancellationToken, "CLUSTER", "SLOTS").ConfigureAwait(false);
        foreach (var range in slots.Elements)
        {
            if (range.Elements.Count >= 3 && range.Elements[0].AsInt64() <= slot && slot <= range.Elements[1].AsInt64())
            {
                var owner = range.Elements[2];
                var endPoint = string.Create(CultureInfo.InvariantCulture, $"{owner.Elements[0].AsString()}:{owner.Elements[1].AsInt64()}");
                return Nodes.FirstOrDefault(n => n.EndPoint == endPoint)
                    ?? throw new RedisHarnessException($"Slot {slot} is served by {endPoint}, which is not a node of this cluster.");
            }
        }

        throw new RedisHarnessException($"Slot {slot} of key '{key}' is not assigned according to {node.EndPoint}.");
    }

    /// <summary>
    /// Waits until every running, unpaused node reports <c>cluster_state:ok</c> with all 16384 slots served,
    /// knows every node, and maps every slot to a running, unpaused master. Right after a master is killed or
    /// paused the survivors still report ok for about a second (<c>cluster-node-timeout</c>); the last check
    /// makes this wait for the replica promotion instead.
    /// </summary>
    /// <param name="timeout">How long to wait; 30 seconds when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the cluster is healthy.</returns>
    public Task WaitForClusterOkAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Poll.UntilAsync(
            "every running cluster node reports cluster_state:ok",
            async token =>
            {
                foreach (var node in Nodes.Where(n => n.IsRunning && !n.IsPaused))
                {
                    var problem = await ClusterTopology.CheckOkAsync(node, Nodes.Count, token).ConfigureAwait(false)
                        ?? await CheckSlotOwnersAsync(node, token).ConfigureAwait(false);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return null;
            },
            timeout ?? RedisHarnessDefaults.TopologyTimeout,
            cancellationToken);

    /// <summary>Kills every node and deletes the temp directories.</summary>
    /// <returns>A task that completes when every node is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await DisposeAllAsync(Nodes).ConfigureAwait(false);
    }

    internal static async Task<RedisClusterGroup> StartAsync(int masterCount, int replicasPerMaster, RedisNodeOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(masterCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicasPerMaster, 0);
        var total = masterCount * (1 + replicasPerMaster);
        var starting = Enumerable.Range(0, total)
            .Select(_ => RedisHarness.StartNodeAsync(NodeKind.Server, options, ClusterTopology.Configuration, cancellationToken))
            .ToList();
        try
        {
            await Task.WhenAll(starting).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAllAsync(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)).ConfigureAwait(false);
            throw;
        }

        var group = new RedisClusterGroup(
            starting.Take(masterCount).Select(t => t.Result).ToList(),
            starting.Skip(masterCount).Select(t => t.Result).ToList());
        try
        {
            await group.FormAsync(cancellationToken).ConfigureAwait(false);
            return group;
        }
        catch
        {
            await group.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Returns null when every slot range in <paramref name="node"/>'s view is served by a live node.</summary>
    private async Task<string?> CheckSlotOwnersAsync(RedisServerNode node, CancellationToken cancellationToken)
    {
        var slots = await node.ExecuteCheckedAsync(cancellationToken, "CLUSTER", "SLOTS").ConfigureAwait(false);
        foreach (var range in slots.Elements)
        {
            var owner = range.Elements[2];
            var endPoint = string.Create(CultureInfo.InvariantCulture, $"{owner.Elements[0].AsString()}:{owner.Elements[1].AsInt64()}");
            var serving = Nodes.FirstOrDefault(n => n.EndPoint == endPoint);
            if (serving is null || !serving.IsRunning || serving.IsPaused)
            {
                return $"{node.EndPoint} still maps slots {range.Elements[0].AsInt64()}-{range.Elements[1].AsInt64()} to {endPoint}, which is down";
            }
        }

        return null;
    }

    private static Task DisposeAllAsync(IEnumerable<RedisServerNode> nodes) =>
        Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));

    private async Task FormAsync(CancellationToken cancellationToken)
    {
        var timeout = RedisHarnessDefaults.TopologyTimeout;
        var ids = new Dictionary<RedisServerNode, string>();
        foreach (var node in Nodes)
        {
            ids[node] = (await node.ExecuteCheckedAsync(cancellationToken, "CLUSTER", "MYID").ConfigureAwait(false)).AsString() ?? string.Empty;
        }

        // Distinct config epochs up front (as redis-cli does) avoid the epoch-collision dance.
        for (var i = 0; i < Masters.Count; i++)
        {
            var (first, last) = ClusterTopology.SlotRange(i, Masters.Count);
            var epoch = (i + 1).ToString(CultureInfo.InvariantCulture);
            await Masters[i].ExecuteCheckedAsync(cancellationToken, "CLUSTER", "SET-CONFIG-EPOCH", epoch).ConfigureAwait(false);
            await Masters[i].ExecuteCheckedAsync(
                cancellationToken,
                "CLUSTER",
                "ADDSLOTSRANGE",
                first.ToString(CultureInfo.InvariantCulture),
                last.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        foreach (var node in Nodes.Skip(1))
        {
            await Nodes[0].ExecuteCheckedAsync(
                cancellationToken, "CLUSTER", "MEET", RedisHarnessDefaults.Host, node.Port.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        await Poll.UntilAsync(
            $"all {Nodes.Count} cluster nodes know each other",
            async token =>
            {
                foreach (var node in Nodes)
                {
                    var view = await ClusterTopology.NodesAsync(node, token).ConfigureAwait(false);
                    var handshaking = view.Count(l => l.Flags.Contains("handshake") || l.Flags.Contains("noaddr"));
                    if (view.Count != Nodes.Count || handshaking > 0 || !ids.Values.All(id => view.Any(l => l.Id == id)))
                    {
                        return $"{node.EndPoint} knows {view.Count} node(s), {handshaking} still in handshake";
                    }
                }

                return null;
            },
            timeout,
            cancellationToken).ConfigureAwait(false);

        for (var j = 0; j < Replicas.Count; j++)
        {
            await Replicas[j].ExecuteCheckedAsync(cancellationToken, "CLUSTER", "REPLICATE", ids[Masters[j % Masters.Count]]).ConfigureAwait(false);
        }

        await Poll.UntilAsync(
            "the cluster is ok on every node with every replica linked",
            async token =>
            {
                foreach (var node in Nodes)
                {
                    var problem = await ClusterTopology.CheckOkAsync(node, Nodes.Count, token).ConfigureAwait(false);
                    if (problem is not null)
                    {
                        return problem;
                    }

                    // Gossip has converged once every node sees every replica as a replica.
                    var view = await ClusterTopology.NodesAsync(node, token).ConfigureAwait(false);
                    var replicasSeen = view.Count(l => l.Flags.Contains("slave"));
                    if (replicasSeen != Replicas.Count)
                    {
                        return $"{node.EndPoint} sees {replicasSeen} of {Replicas.Count} replica(s)";
                    }
                }

                foreach (var replica in Replicas)
                {
                    var info = await replica.GetInfoValuesAsync("replication", token).ConfigureAwait(false);
                    if (info.GetValueOrDefault("master_link_status") != "up")
                    {
                        return $"{replica.EndPoint} has master_link_status:{info.GetValueOrDefault("master_link_status", "(none)")}";
                    }
                }

                return null;
            },
            timeout,
            cancellationToken).ConfigureAwait(false);
    }
}
