using System.Net;
using Microsoft.Extensions.Logging;
using ResilientCaching.Diagnostics;
using StackExchange.Redis;

namespace ResilientCaching.Topology;

/// <summary>
/// Polls <c>INFO replication</c> on every node on an interval and keeps, per node, role, reachability, replication
/// offset, link status and measured lag (bytes, and time from the master's offset history). Role changes, link changes
/// and unreachable nodes are logged as events.
/// </summary>
internal sealed class TopologyMonitor : IRedisTopologyView, IAsyncDisposable
{
    private const int HistoryCapacity = 512;

    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _pollTimeout;
    private readonly ILogger _logger;
    private readonly Dictionary<string, MasterOffsetHistory> _histories = new(StringComparer.Ordinal);
    private readonly BackgroundLoop _loop = new();
    private readonly Dictionary<string, RedisNodeStatus> _last = new(StringComparer.Ordinal);
    private RedisTopologySnapshot _current = RedisTopologySnapshot.Empty;
    private RedisFailover? _lastFailover;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _linkDownSince = new(StringComparer.Ordinal);
    private bool _useRole;

    public TopologyMonitor(RedisConnection connection, TimeProvider time, TimeSpan interval, TimeSpan pollTimeout, ILogger logger)
    {
        _connection = connection;
        _time = time;
        _interval = interval;
        _pollTimeout = pollTimeout;
        _logger = logger;
    }

    /// <summary>Raised after each poll with the new snapshot.</summary>
    public event Action<RedisTopologySnapshot>? Updated;

    /// <inheritdoc/>
    public event Action<RedisFailover>? FailoverDetected;

    public RedisTopologySnapshot Current => Volatile.Read(ref _current);

    /// <inheritdoc/>
    public RedisFailover? LastFailover => Volatile.Read(ref _lastFailover);

    /// <summary>Records a failover the connection followed and tells subscribers.</summary>
    public void ReportFailover(RedisFailover failover)
    {
        Volatile.Write(ref _lastFailover, failover);
        Log.FailoverDetected(_logger, failover.PreviousMaster, failover.NewMaster, failover.DetectedBy, failover.WritesUnavailableFor);
        try
        {
            FailoverDetected?.Invoke(failover);
        }
        catch (Exception ex)
        {
            // An application handler must not stop the cache from following the failover.
            Log.FailoverHandlerFailed(_logger, ex);
        }
    }

    /// <summary>Gets how old a node's status may be before routing stops trusting it.</summary>
    public TimeSpan MaxStatusAge => (_interval * 3) + _pollTimeout;

    public void Start()
    {
        if (!_connection.IsMemoryOnly)
        {
            _loop.Start(RunAsync);
        }
    }

    /// <summary>Polls now (also used by tests to avoid waiting for the interval).</summary>
    public async Task PollAsync()
    {
        if (!_connection.TryGetMultiplexer(out var multiplexer))
        {
            return;
        }

        var servers = multiplexer.GetServers();
        var replies = await Task.WhenAll(servers.Select(PollServerAsync)).ConfigureAwait(false);
        var nowTimestamp = _time.GetTimestamp();
        var now = _time.GetUtcNow();

        // Masters' samples first, so replica lag is measured against the freshest master offsets (one history per
        // master: in Cluster, per shard).
        var masters = replies.Where(r => r.Info is { Role: RedisNodeRole.Master }).ToList();
        foreach (var master in masters)
        {
            if (!_histories.TryGetValue(master.EndPoint, out var history))
            {
                _histories[master.EndPoint] = history = new MasterOffsetHistory(HistoryCapacity);
            }

            history.Add(master.Timestamp, master.Info!.Value.Offset);
        }

        foreach (var stale in _histories.Keys.Where(k => !masters.Any(m => m.EndPoint == k) && !replies.Any(r => r.EndPoint == k && r.Info is null)).ToList())
        {
            _histories.Remove(stale);
        }

        var nodes = new List<RedisNodeStatus>(replies.Length);
        foreach (var reply in replies)
        {
            _last.TryGetValue(reply.EndPoint, out var previous);
            RedisNodeStatus status;
            if (reply.Info is { } info)
            {
                var isReplica = info.Role == RedisNodeRole.Replica;
                var followed = isReplica ? FollowedMaster(info, masters) : null;
                var masterOffset = followed is null ? (long?)null : masters.First(m => m.EndPoint == followed).Info!.Value.Offset;
                status = new RedisNodeStatus
                {
                    EndPoint = reply.EndPoint,
                    Role = info.Role,
                    IsReachable = true,
                    ReplicationOffset = info.Offset,
                    IsMasterLinkUp = info.MasterLinkUp,
                    MasterLinkDownFor = info.MasterLinkDownSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
                    MasterEndPoint = followed,
                    LagBytes = masterOffset is { } m ? Math.Max(0, m - info.Offset) : 0,
                    Lag = !isReplica ? TimeSpan.Zero
                        : followed is not null && _histories.TryGetValue(followed, out var history) ? history.LagAt(info.Offset, reply.Timestamp, _time.TimestampFrequency)
                        : TimeSpan.MaxValue, // its master is not reachable: how far behind it is cannot be measured
                    LastSeen = now - _time.GetElapsedTime(reply.Timestamp, nowTimestamp),
                };
            }
            else
            {
                status = (previous ?? new RedisNodeStatus { EndPoint = reply.EndPoint }) with { IsReachable = false };
            }

            ReportChanges(previous, status);
            _last[reply.EndPoint] = status;
            nodes.Add(status);
        }

        var snapshot = new RedisTopologySnapshot(nodes, now);
        Volatile.Write(ref _current, snapshot);
        Updated?.Invoke(snapshot);
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task RunAsync(CancellationToken token)
    {
        await Task.Yield();
        while (!token.IsCancellationRequested)
        {
            try
            {
                await PollAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.TopologyPollFailed(_logger, ex);
            }

            await Task.Delay(_interval, _time, token).ConfigureAwait(false);
        }
    }

    private async Task<(string EndPoint, ReplicationInfo? Info, long Timestamp)> PollServerAsync(IServer server)
    {
        var endPoint = Describe(server.EndPoint);
        if (!server.IsConnected)
        {
            return (endPoint, null, _time.GetTimestamp());
        }

        Task<ReplicationInfo?> poll = Volatile.Read(ref _useRole) ? PollRoleAsync(server) : PollInfoAsync(server);
        try
        {
            var info = await poll.WaitAsync(_pollTimeout, _time).ConfigureAwait(false);
            return (endPoint, info, _time.GetTimestamp());
        }
        catch (RedisCommandException) when (!Volatile.Read(ref _useRole))
        {
            // INFO needs admin mode on a multiplexer the application supplied without it: ROLE carries the essentials.
            Volatile.Write(ref _useRole, true);
            return (endPoint, null, _time.GetTimestamp());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            _ = poll.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return (endPoint, null, _time.GetTimestamp());
        }
    }

    /// <summary>
    /// The monitored master a replica follows: the one it names (<c>master_host:master_port</c>), or — when it names an
    /// address we do not monitor (a proxy, NAT) and there is a single master — that master.
    /// </summary>
    private static string? FollowedMaster(ReplicationInfo info, List<(string EndPoint, ReplicationInfo? Info, long Timestamp)> masters)
    {
        if (info.MasterEndPoint is { } named && masters.Any(m => m.EndPoint == named))
        {
            return named;
        }

        return masters.Count == 1 ? masters[0].EndPoint : null;
    }

    private static async Task<ReplicationInfo?> PollInfoAsync(IServer server)
    {
        var text = await server.InfoRawAsync("replication").ConfigureAwait(false);
        return text is null ? null : ReplicationInfo.Parse(text);
    }

    private async Task<ReplicationInfo?> PollRoleAsync(IServer server)
    {
        var role = await server.RoleAsync().ConfigureAwait(false);
        switch (role)
        {
            case Role.Master master:
                return new ReplicationInfo(RedisNodeRole.Master, master.ReplicationOffset, null, null);
            case Role.Replica replica:
                var endPoint = Describe(server.EndPoint);
                var up = string.Equals(replica.State, "connected", StringComparison.Ordinal);
                long? downFor = null;
                if (up)
                {
                    _linkDownSince.TryRemove(endPoint, out _);
                }
                else
                {
                    var since = _linkDownSince.GetOrAdd(endPoint, _time.GetTimestamp());
                    downFor = (long)_time.GetElapsedTime(since).TotalSeconds;
                }

                return new ReplicationInfo(RedisNodeRole.Replica, replica.ReplicationOffset, up, downFor, replica.MasterIp + ":" + replica.MasterPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            default:
                return new ReplicationInfo(RedisNodeRole.Unknown, 0, null, null);
        }
    }

    private void ReportChanges(RedisNodeStatus? previous, RedisNodeStatus current)
    {
        if (previous is null)
        {
            return;
        }

        if (previous.IsReachable && !current.IsReachable)
        {
            Log.NodeUnreachable(_logger, current.EndPoint, current.Role.ToString());
        }
        else if (!previous.IsReachable && current.IsReachable)
        {
            Log.NodeReachable(_logger, current.EndPoint, current.Role.ToString());
        }

        if (current.IsReachable && previous.Role != RedisNodeRole.Unknown && previous.Role != current.Role)
        {
            Log.NodeRoleChanged(_logger, current.EndPoint, previous.Role.ToString(), current.Role.ToString());
        }

        if (current.IsReachable && current.Role == RedisNodeRole.Replica && previous.IsMasterLinkUp != current.IsMasterLinkUp)
        {
            if (current.IsMasterLinkUp == true)
            {
                Log.MasterLinkUp(_logger, current.EndPoint);
            }
            else
            {
                Log.MasterLinkDown(_logger, current.EndPoint);
            }
        }
    }

    internal static string Describe(EndPoint? endPoint) => endPoint is null ? "(unknown)" : EndPointCollection.ToString(endPoint);
}
