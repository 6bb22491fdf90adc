using System.Globalization;
using ResilientCaching.Testing.Internal;
using ResilientCaching.Testing.Internal.Processes;
using ResilientCaching.Testing.Internal.Topology;

namespace ResilientCaching.Testing;

/// <summary>
/// A master, its replicas (replicating directly) and a group of real Sentinel processes monitoring them
/// under <see cref="ServiceName"/>, tuned for fast failover (1 s down-after, 5 s failover timeout).
/// Disposing it kills every process.
/// </summary>
public sealed class RedisSentinelGroup : IAsyncDisposable
{
    private static readonly TimeSpan SentinelQueryTimeout = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<RedisServerNode> _dataNodes;
    private int _disposed;

    private RedisSentinelGroup(string serviceName, RedisServerNode master, IReadOnlyList<RedisServerNode> replicas, IReadOnlyList<RedisServerNode> sentinels)
    {
        ServiceName = serviceName;
        Master = master;
        Replicas = replicas;
        Sentinels = sentinels;
        _dataNodes = [master, .. replicas];
    }

    /// <summary>Gets the name the sentinels monitor the master under (e.g. <c>mymaster</c>).</summary>
    public string ServiceName { get; }

    /// <summary>Gets the initial master. After a failover, ask <see cref="GetMasterAsync"/> for the current one.</summary>
    public RedisServerNode Master { get; }

    /// <summary>Gets the initial replicas.</summary>
    public IReadOnlyList<RedisServerNode> Replicas { get; }

    /// <summary>Gets the Sentinel processes (<c>redis-server --sentinel</c>); they support kill, pause and restart too.</summary>
    public IReadOnlyList<RedisServerNode> Sentinels { get; }

    /// <summary>Gets the sentinels' endpoints as <c>127.0.0.1:port</c>.</summary>
    public IReadOnlyList<string> SentinelEndPoints => Sentinels.Select(s => s.EndPoint).ToList();

    /// <summary>
    /// Gets a StackExchange.Redis Sentinel connection string: every sentinel endpoint plus
    /// <c>serviceName=</c><see cref="ServiceName"/>.
    /// </summary>
    public string SentinelConnectionString => string.Join(',', SentinelEndPoints) + ",serviceName=" + ServiceName;

    /// <summary>
    /// Asks every sentinel for the master address (<c>SENTINEL GET-MASTER-ADDR-BY-NAME</c>) and returns the
    /// one a majority of all sentinels agree on, as <c>127.0.0.1:port</c>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <returns>The master endpoint.</returns>
    /// <exception cref="RedisHarnessException">No address has a majority (e.g. mid-failover).</exception>
    public async Task<string> GetMasterEndPointAsync(CancellationToken cancellationToken = default)
    {
        var answers = await Task.WhenAll(Sentinels.Select(s => AskSentinelAsync(s, cancellationToken))).ConfigureAwait(false);
        var majority = (Sentinels.Count / 2) + 1;
        var agreed = answers.OfType<string>().GroupBy(a => a, StringComparer.Ordinal).FirstOrDefault(g => g.Count() >= majority);
        return agreed?.Key ?? throw new RedisHarnessException(
            $"No majority of the {Sentinels.Count} sentinels agrees on the master of '{ServiceName}': "
            + string.Join(", ", answers.Select(a => a ?? "(no answer)")) + ".");
    }

    /// <summary>Returns the data node the sentinels' majority currently names as master.</summary>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <returns>The current master.</returns>
    /// <exception cref="RedisHarnessException">No majority, or the address is not a node of this group.</exception>
    public async Task<RedisServerNode> GetMasterAsync(CancellationToken cancellationToken = default) =>
        FindDataNode(await GetMasterEndPointAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Waits until a majority of sentinels names a master other than <paramref name="oldMaster"/> and that
    /// node reports the master role. Kill or pause the old master first.
    /// </summary>
    /// <param name="oldMaster">The master expected to be replaced.</param>
    /// <param name="timeout">How long to wait; 30 seconds when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The promoted node.</returns>
    /// <exception cref="RedisHarnessException">No failover happened in time.</exception>
    public async Task<RedisServerNode> WaitForFailoverAsync(RedisServerNode oldMaster, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(oldMaster);
        RedisServerNode? promoted = null;
        await Poll.UntilAsync(
            $"the sentinels of '{ServiceName}' promote a replica in place of {oldMaster.EndPoint}",
            async token =>
            {
                var endPoint = await GetMasterEndPointAsync(token).ConfigureAwait(false);
                if (endPoint == oldMaster.EndPoint)
                {
                    return $"the sentinels still name {endPoint}";
                }

                var candidate = FindDataNode(endPoint);
                var role = await candidate.GetRoleAsync(token).ConfigureAwait(false);
                if (role != "master")
                {
                    return $"the sentinels name {endPoint} but it still reports role {role}";
                }

                promoted = candidate;
                return null;
            },
            timeout ?? RedisHarnessDefaults.TopologyTimeout,
            cancellationToken).ConfigureAwait(false);
        return promoted!;
    }

    /// <summary>
    /// Waits until every running data node other than the current master is linked to it and caught up
    /// (e.g. after a failover has reconfigured the replicas).
    /// </summary>
    /// <param name="timeout">How long to wait; 30 seconds when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when replication has converged.</returns>
    public async Task WaitForReplicationAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var master = await GetMasterAsync(cancellationToken).ConfigureAwait(false);
        var replicas = _dataNodes.Where(n => n != master && n.IsRunning && !n.IsPaused).ToList();
        await ReplicationTopology.WaitCaughtUpAsync(master, replicas, timeout ?? RedisHarnessDefaults.TopologyTimeout, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Kills every sentinel and data node and deletes their temp directories.</summary>
    /// <returns>A task that completes when everything is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Sentinels first, so they do not react to the data nodes going away.
        await DisposeAllAsync(Sentinels).ConfigureAwait(false);
        await DisposeAllAsync(_dataNodes).ConfigureAwait(false);
    }

    internal static async Task<RedisSentinelGroup> StartAsync(
        int replicaCount,
        int sentinelCount,
        string serviceName,
        RedisNodeOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicaCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sentinelCount, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        if (serviceName.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("The service name cannot contain whitespace.", nameof(serviceName));
        }

        var started = new List<RedisServerNode>();
        try
        {
            var master = await RedisHarness.StartNodeAsync(NodeKind.Server, options, ReplicationTopology.DataNodeConfiguration, cancellationToken)
                .ConfigureAwait(false);
            started.Add(master);
            var replicas = await StartAllAsync(
                replicaCount, NodeKind.Server, options, ReplicationTopology.ReplicaConfiguration(master.Port), started, cancellationToken).ConfigureAwait(false);
            await ReplicationTopology.WaitCaughtUpAsync(master, replicas, RedisHarnessDefaults.TopologyTimeout, cancellationToken).ConfigureAwait(false);

            var sentinelConfiguration = SentinelTopology.Configuration(serviceName, master.Port, SentinelTopology.Quorum(sentinelCount));
            var sentinels = await StartAllAsync(sentinelCount, NodeKind.Sentinel, options, sentinelConfiguration, started, cancellationToken)
                .ConfigureAwait(false);
            await SentinelTopology.WaitForDiscoveryAsync(sentinels, serviceName, replicaCount, RedisHarnessDefaults.TopologyTimeout, cancellationToken)
                .ConfigureAwait(false);

            return new RedisSentinelGroup(serviceName, master, replicas, sentinels);
        }
        catch
        {
            await DisposeAllAsync(started).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<List<RedisServerNode>> StartAllAsync(
        int count,
        NodeKind kind,
        RedisNodeOptions options,
        IReadOnlyList<string> configuration,
        List<RedisServerNode> started,
        CancellationToken cancellationToken)
    {
        var tasks = Enumerable.Range(0, count).Select(_ => RedisHarness.StartNodeAsync(kind, options, configuration, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            started.AddRange(tasks.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }

        return tasks.Select(t => t.Result).ToList();
    }

    private static Task DisposeAllAsync(IEnumerable<RedisServerNode> nodes) =>
        Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));

    private async Task<string?> AskSentinelAsync(RedisServerNode sentinel, CancellationToken cancellationToken)
    {
        if (!sentinel.IsRunning || sentinel.IsPaused)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SentinelQueryTimeout);
        try
        {
            var reply = await sentinel.ExecuteAsync(["SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName], timeout.Token).ConfigureAwait(false);
            return reply.Kind == RedisReplyKind.Array && reply.Elements.Count == 2
                ? string.Create(CultureInfo.InvariantCulture, $"{reply.Elements[0].AsString()}:{reply.Elements[1].AsString()}")
                : null;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    private RedisServerNode FindDataNode(string endPoint) =>
        _dataNodes.FirstOrDefault(n => n.EndPoint == endPoint)
        ?? throw new RedisHarnessException($"The sentinels name {endPoint}, which is not a data node of this group.");
}
