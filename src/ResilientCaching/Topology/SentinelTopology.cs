using System.Net;
using Microsoft.Extensions.Logging;
using ResilientCaching.Diagnostics;
using StackExchange.Redis;

namespace ResilientCaching.Topology;

/// <summary>
/// Finds the master and replicas through Sentinel and follows failovers: asks every Sentinel (a majority must agree),
/// verifies the named master with <c>ROLE</c>, then points the data connection at exactly that master and its
/// replicas. Reacts to <c>+switch-master</c> at once, but does not rely on it (StackExchange.Redis issue #2487): it
/// also asks the Sentinels on every monitor interval, and when a write is refused with <c>READONLY</c>.
/// </summary>
internal sealed class SentinelTopology : IAsyncDisposable
{
    private static readonly RedisChannel s_switchMaster = RedisChannel.Literal("+switch-master");

    private readonly ConfigurationOptions _sentinelConfiguration;
    private readonly ConfigurationOptions _dataTemplate;
    private readonly string _serviceName;
    private readonly int _sentinelCount;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<IConnectionMultiplexer, RedisFailover?, Task> _switch;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly BackgroundLoop _loop = new();
    private ConnectionMultiplexer? _sentinels;
    private SentinelView? _current;
    private string _wakeReason = "poll";
    private int _wakePending;

    /// <param name="configuration">Sentinel endpoints, <c>serviceName</c>, and the data nodes' credentials and settings.</param>
    /// <param name="interval">How often to ask the Sentinels.</param>
    /// <param name="timeout">How long one Sentinel may take to answer.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where events go.</param>
    /// <param name="switchTo">Called with a connection to the (new) master and replicas, and the failover when the master changed.</param>
    public SentinelTopology(ConfigurationOptions configuration, TimeSpan interval, TimeSpan timeout, TimeProvider time, ILogger logger, Func<IConnectionMultiplexer, RedisFailover?, Task> switchTo)
    {
        _serviceName = configuration.ServiceName!;
        _sentinelCount = configuration.EndPoints.Count;
        _interval = interval;
        _timeout = timeout;
        _time = time;
        _logger = logger;
        _switch = switchTo;

        _sentinelConfiguration = new ConfigurationOptions
        {
            CommandMap = CommandMap.Sentinel,
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = configuration.ConnectTimeout,
            User = configuration.SentinelUser,
            Password = configuration.SentinelPassword,
            Ssl = configuration.Ssl,
            ClientName = configuration.ClientName,
            ReconnectRetryPolicy = configuration.ReconnectRetryPolicy,
        };
        foreach (var endPoint in configuration.EndPoints)
        {
            _sentinelConfiguration.EndPoints.Add(endPoint);
        }

        _dataTemplate = configuration.Clone();
        _dataTemplate.ServiceName = null;
        _dataTemplate.EndPoints.Clear();
    }

    /// <summary>Gets the Sentinel service name.</summary>
    public string ServiceName => _serviceName;

    /// <summary>Gets the master the cache writes to, as the Sentinels named it.</summary>
    public string? CurrentMaster => Volatile.Read(ref _current)?.MasterName;

    public void Start() => _loop.Start(RunAsync);

    /// <summary>Asks the Sentinels now (a write was refused as READONLY, or a Sentinel announced a switch).</summary>
    public void Wake(string reason)
    {
        if (_loop.IsStopping || Interlocked.Exchange(ref _wakePending, 1) == 1)
        {
            // Stopping, or a refresh is already coming: one is enough however many writes were refused.
            return;
        }

        _wakeReason = reason;
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop.IsStopping)
        {
            return;
        }

        await _loop.DisposeAsync().ConfigureAwait(false);
        if (_sentinels is not null)
        {
            await _sentinels.DisposeAsync().ConfigureAwait(false);
        }

        _wake.Dispose();
    }

    private async Task RunAsync(CancellationToken token)
    {
        await Task.Yield();
        _sentinels = await ConnectionMultiplexer.ConnectAsync(_sentinelConfiguration).ConfigureAwait(false);
        try
        {
            await _sentinels.GetSubscriber().SubscribeAsync(s_switchMaster, OnSwitchMaster).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            Log.SentinelSubscribeFailed(_logger, ex);
        }

        while (!token.IsCancellationRequested)
        {
            var reason = _wakeReason;
            _wakeReason = "poll";
            Volatile.Write(ref _wakePending, 0);
            try
            {
                await RefreshAsync(reason).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SentinelRefreshFailed(_logger, ex);
            }

            await _wake.WaitAsync(_interval, token).ConfigureAwait(false);
        }
    }

    private void OnSwitchMaster(RedisChannel channel, RedisValue message)
    {
        // "<service> <old-ip> <old-port> <new-ip> <new-port>"
        var text = (string?)message;
        if (text is not null && text.StartsWith(_serviceName + " ", StringComparison.Ordinal))
        {
            Log.SentinelSwitchAnnounced(_logger, text);
            Wake("switch-master");
        }
    }

    private async Task RefreshAsync(string reason)
    {
        var view = await DiscoverAsync().ConfigureAwait(false);
        var current = Volatile.Read(ref _current);
        if (view is null || view.SameNodesAs(current))
        {
            return;
        }

        var configuration = _dataTemplate.Clone();
        configuration.EndPoints.Add(view.Master);
        foreach (var replica in view.Replicas)
        {
            configuration.EndPoints.Add(replica);
        }

        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);

        // Trust the Sentinels' majority, but verify: the named node must say it is a master before writes go there.
        if (!await IsMasterAsync(multiplexer, view.Master).ConfigureAwait(false))
        {
            Log.SentinelMasterNotVerified(_logger, view.MasterName);
            await multiplexer.DisposeAsync().ConfigureAwait(false);
            return;
        }

        var masterChanged = current is not null && !string.Equals(current.MasterName, view.MasterName, StringComparison.Ordinal);
        var failover = masterChanged ? new RedisFailover(current!.MasterName, view.MasterName, _time.GetUtcNow(), reason) : null;
        try
        {
            await _switch(multiplexer, failover).ConfigureAwait(false);
        }
        catch
        {
            await multiplexer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Volatile.Write(ref _current, view);
    }

    private async Task<bool> IsMasterAsync(IConnectionMultiplexer multiplexer, EndPoint master)
    {
        try
        {
            var role = await multiplexer.GetServer(master).RoleAsync().WaitAsync(_timeout, _time).ConfigureAwait(false);
            return role is Role.Master;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The master a majority of all configured Sentinels name, with the replicas one of them lists.</summary>
    private async Task<SentinelView?> DiscoverAsync()
    {
        var sentinels = _sentinels!.GetServers().Where(s => s.IsConnected).ToList();
        var answers = await Task.WhenAll(sentinels.Select(AskAsync)).ConfigureAwait(false);
        var majority = answers
            .Where(a => a.Master is not null)
            .GroupBy(a => TopologyMonitor.Describe(a.Master), StringComparer.Ordinal)
            .Where(g => g.Count() > _sentinelCount / 2)
            .Select(g => g.First())
            .FirstOrDefault();
        if (majority.Server is null)
        {
            Log.SentinelNoMajority(_logger, _serviceName, answers.Count(a => a.Master is not null), _sentinelCount);
            return null;
        }

        EndPoint[] replicas;
        try
        {
            replicas = await majority.Server.SentinelGetReplicaAddressesAsync(_serviceName).WaitAsync(_timeout, _time).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Keep the replicas we know rather than rebuild the connection without them.
            replicas = Volatile.Read(ref _current) is { } known && known.MasterName == TopologyMonitor.Describe(majority.Master) ? [.. known.Replicas] : [];
        }

        var masterName = TopologyMonitor.Describe(majority.Master);
        return new SentinelView(majority.Master!, replicas.Where(r => TopologyMonitor.Describe(r) != masterName).ToList());
    }

    private async Task<(IServer? Server, EndPoint? Master)> AskAsync(IServer sentinel)
    {
        try
        {
            var master = await sentinel.SentinelGetMasterAddressByNameAsync(_serviceName).WaitAsync(_timeout, _time).ConfigureAwait(false);
            return (sentinel, master);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return (sentinel, null);
        }
    }
}
