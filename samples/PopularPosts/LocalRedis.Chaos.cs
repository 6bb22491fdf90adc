using ResilientCaching.Testing;

namespace PopularPosts;

/// <content>Fault injection on the launched processes, behind <c>/chaos/*</c>: one action at a time.</content>
public sealed partial class LocalRedis
{
    private readonly SemaphoreSlim _chaosLock = new(1, 1);

    /// <summary>The node last killed or paused, so resume and restart act on it even after a failover replaced it.</summary>
    private RedisServerNode? _victim;

    /// <summary>Kills the current master with SIGKILL (no save).</summary>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>What happened.</returns>
    public Task<ChaosOutcome> KillMasterAsync(CancellationToken cancellationToken = default) => RunAsync("master/kill", async token =>
    {
        var (master, problem) = await FindMasterAsync(token);
        if (master is null)
        {
            return problem!;
        }

        if (!master.IsRunning)
        {
            return Conflict("master/kill", $"The master {master.EndPoint} is already down{AwaitingPromotion()}; POST /chaos/master/restart brings it back.");
        }

        await master.KillAsync(token);
        _victim = master;
        return Done("master/kill", master, $"Killed the master {master.EndPoint} (kill -9). {AfterMasterLoss()}");
    }, cancellationToken);

    /// <summary>Freezes the current master with SIGSTOP: connections stay open, nothing is answered.</summary>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>What happened.</returns>
    public Task<ChaosOutcome> PauseMasterAsync(CancellationToken cancellationToken = default) => RunAsync("master/pause", async token =>
    {
        var (master, problem) = await FindMasterAsync(token);
        if (master is null)
        {
            return problem!;
        }

        if (!master.IsRunning)
        {
            return Conflict("master/pause", $"The master {master.EndPoint} is down{AwaitingPromotion()}; nothing to pause.");
        }

        if (master.IsPaused)
        {
            return Conflict("master/pause", $"The master {master.EndPoint} is already paused; POST /chaos/master/resume wakes it.");
        }

        await master.PauseAsync(token);
        _victim = master;
        return Done("master/pause", master, $"Froze the master {master.EndPoint} (SIGSTOP). Calls to it give up after the operation timeout, then its circuit opens. {AfterMasterLoss()}");
    }, cancellationToken);

    /// <summary>Wakes the paused node (SIGCONT).</summary>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>What happened.</returns>
    public Task<ChaosOutcome> ResumeMasterAsync(CancellationToken cancellationToken = default) => RunAsync("master/resume", async token =>
    {
        var paused = _victim is { IsPaused: true } victim ? victim : DataNodes.FirstOrDefault(n => n.IsPaused);
        if (paused is null)
        {
            return Conflict("master/resume", "No node is paused; POST /chaos/master/pause first.");
        }

        await paused.ResumeAsync(token);
        _victim = null;
        var demoted = Topology == SampleTopology.Sentinel ? " If the Sentinels promoted a replica meanwhile, they demote this node to a replica of the new master." : string.Empty;
        return Done("master/resume", paused, $"Resumed {paused.EndPoint} (SIGCONT).{demoted}");
    }, cancellationToken);

    /// <summary>Starts the killed (or paused) node again on its port, empty; with none, restarts the current master (its data is lost).</summary>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>What happened.</returns>
    public Task<ChaosOutcome> RestartMasterAsync(CancellationToken cancellationToken = default) => RunAsync("master/restart", async token =>
    {
        var target = _victim is { } victim && (!victim.IsRunning || victim.IsPaused) ? victim : null;
        if (target is null)
        {
            var (master, problem) = await FindMasterAsync(token);
            if (master is null)
            {
                return problem!;
            }

            target = master;
        }

        await target.RestartAsync(token);
        _victim = null;
        var rejoin = Topology switch
        {
            SampleTopology.Sentinel => " If the Sentinels promoted a replica meanwhile, they reconfigure it as a replica of the new master.",
            SampleTopology.Cluster => " It rejoins the cluster (as a replica when its replica was promoted).",
            SampleTopology.Replication => " Its replicas resynchronise from it (it restarted empty).",
            _ => " It restarted empty: the cache refills it from the database on misses.",
        };
        return Done("master/restart", target, $"Restarted {target.EndPoint} on the same port.{rejoin}");
    }, cancellationToken);

    /// <summary>Holds the replication stream of a replica (its proxy stops forwarding), so the replica falls behind.</summary>
    /// <param name="replica">The replica's index (0-based).</param>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>What happened.</returns>
    public Task<ChaosOutcome> HoldReplicationAsync(int replica = 0, CancellationToken cancellationToken = default) => RunAsync("replication/hold", _ =>
    {
        var (node, proxy, problem) = FindReplicationProxy("replication/hold", replica);
        if (proxy is null)
        {
            return Task.FromResult(problem!);
        }

        if (proxy.IsHeld)
        {
            return Task.FromResult(Conflict("replication/hold", $"Replication to {node!.EndPoint} is already held; POST /chaos/replication/release lets it catch up."));
        }

        proxy.Hold();
        return Task.FromResult(Done("replication/hold", node!, $"Holding replication to {node!.EndPoint}: its measured lag grows and, past 1 s, post reads stop using it."));
    }, cancellationToken);

    /// <summary>Releases a held replication stream: the replica catches up.</summary>
    /// <param name="replica">The replica's index (0-based).</param>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>What happened.</returns>
    public Task<ChaosOutcome> ReleaseReplicationAsync(int replica = 0, CancellationToken cancellationToken = default) => RunAsync("replication/release", _ =>
    {
        var (node, proxy, problem) = FindReplicationProxy("replication/release", replica);
        if (proxy is null)
        {
            return Task.FromResult(problem!);
        }

        if (!proxy.IsHeld)
        {
            return Task.FromResult(Conflict("replication/release", $"Replication to {node!.EndPoint} is not held; POST /chaos/replication/hold first."));
        }

        proxy.Release();
        return Task.FromResult(Done("replication/release", node!, $"Released replication to {node!.EndPoint}: it catches up and serves reads again once its lag is back under 1 s."));
    }, cancellationToken);

    /// <summary>Describes every launched process, for the status page.</summary>
    /// <returns>One entry per process.</returns>
    public IReadOnlyList<LocalNodeState> DescribeNodes()
    {
        var nodes = new List<LocalNodeState>();
        void Add(string kind, RedisServerNode node, bool? held = null) =>
            nodes.Add(new LocalNodeState(kind, node.EndPoint, node.IsRunning, node.IsPaused, held, ReferenceEquals(node, _victim)));

        if (_standalone is not null)
        {
            Add("server", _standalone);
        }

        if (_replication is not null)
        {
            Add("initial master", _replication.Master);
            foreach (var replica in _replication.Replicas)
            {
                Add("replica", replica, _replication.ProxyFor(replica).IsHeld);
            }
        }

        if (_sentinel is not null)
        {
            Add("initial master", _sentinel.Master);
            foreach (var replica in _sentinel.Replicas)
            {
                Add("initial replica", replica);
            }

            foreach (var sentinel in _sentinel.Sentinels)
            {
                Add("sentinel", sentinel);
            }
        }

        if (_cluster is not null)
        {
            foreach (var master in _cluster.Masters)
            {
                Add("initial cluster master", master);
            }

            foreach (var replica in _cluster.Replicas)
            {
                Add("initial cluster replica", replica);
            }
        }

        foreach (var shard in _shards)
        {
            Add("shard", shard);
        }

        return nodes;
    }

    private IEnumerable<RedisServerNode> DataNodes =>
        _standalone is not null ? [_standalone]
        : _replication is not null ? _replication.Replicas.Prepend(_replication.Master)
        : _sentinel is not null ? _sentinel.Replicas.Prepend(_sentinel.Master)
        : _cluster is not null ? _cluster.Nodes
        : _shards;

    private static ChaosOutcome Done(string action, RedisServerNode node, string message) => new(StatusCodes.Status200OK, action, message, node.EndPoint);

    private static ChaosOutcome Conflict(string action, string message) => new(StatusCodes.Status409Conflict, action, message, null);

    private async Task<ChaosOutcome> RunAsync(string action, Func<CancellationToken, Task<ChaosOutcome>> act, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return Conflict(action, "The local topology has been stopped.");
        }

        await _chaosLock.WaitAsync(cancellationToken);
        try
        {
            return await act(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisHarnessException or InvalidOperationException or TimeoutException)
        {
            return Conflict(action, $"{ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
        }
        finally
        {
            _chaosLock.Release();
        }
    }

    /// <summary>The node serving writes now (after a failover, the promoted one), or why there is none.</summary>
    private async Task<(RedisServerNode? Master, ChaosOutcome? Problem)> FindMasterAsync(CancellationToken cancellationToken)
    {
        if (_sentinel is not null)
        {
            try
            {
                return (await _sentinel.GetMasterAsync(cancellationToken), null);
            }
            catch (RedisHarnessException ex)
            {
                return (null, Conflict("master", $"The Sentinels do not agree on a master right now (failover under way?): {ex.Message}"));
            }
        }

        if (_cluster is not null)
        {
            // The master serving post 1's slot: the one whose loss the post pages feel.
            return (await _cluster.GetMasterForKeyAsync("popularposts:post:1", cancellationToken), null);
        }

        return (_standalone ?? _replication?.Master ?? _shards[0], null);
    }

    private (RedisServerNode? Replica, ReplicationProxy? Proxy, ChaosOutcome? Problem) FindReplicationProxy(string action, int index)
    {
        if (_replication is null)
        {
            return (null, null, new ChaosOutcome(
                StatusCodes.Status404NotFound,
                action,
                $"Replication proxies exist only with --topology replication (this is {Topology}; Sentinel and Cluster replicas replicate directly).",
                null));
        }

        if (index < 0 || index >= _replication.Replicas.Count)
        {
            return (null, null, new ChaosOutcome(StatusCodes.Status404NotFound, action, $"There is no replica {index}; replicas are 0..{_replication.Replicas.Count - 1}.", null));
        }

        var replica = _replication.Replicas[index];
        return (replica, _replication.ProxyFor(replica), null);
    }

    private string AwaitingPromotion() => Topology == SampleTopology.Sentinel ? " and the Sentinels have not promoted a replica yet" : string.Empty;

    private string AfterMasterLoss() => Topology switch
    {
        SampleTopology.Sentinel => "The Sentinels promote a replica after about 2 s (1 s down-after); the cache follows, writes resume on the new master.",
        SampleTopology.Replication => "Reads go to the replicas (marked stale) and memory; writes stay in memory and removals are queued until the master is back (no Sentinel, no promotion).",
        SampleTopology.Cluster => "The cluster promotes its replica after about 3 s; writes to its slots resume then.",
        SampleTopology.Sharded => "Only this shard's keys fall back to memory and the database; the other shards carry on.",
        _ => "The cache serves from memory and the database until the master is back.",
    };
}
