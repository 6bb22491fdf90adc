using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using ResilientCaching.Diagnostics;
using StackExchange.Redis;

namespace ResilientCaching.Topology;

/// <summary>
/// Owns (or borrows) the <see cref="IConnectionMultiplexer"/>. Connecting never blocks start-up or a caller: until
/// the first connection attempt completes, Redis is simply not used.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger;
    private readonly bool _owned;
    private readonly CancellationTokenSource _disposed = new();
    private readonly IConnectionMultiplexer? _borrowed;
    private readonly ConfigurationOptions? _configuration;
    private IConnectionMultiplexer? _multiplexer;
    private readonly SentinelTopology? _sentinel;
    private readonly Func<Task<IConnectionMultiplexer>>? _factory;
    private Task<ConnectionMultiplexer>? _confirmed;

    /// <summary>Uses a multiplexer that the application registered; it is not disposed here.</summary>
    public RedisConnection(IConnectionMultiplexer multiplexer, ILogger logger)
    {
        _logger = logger;
        EndPoints = Describe(multiplexer.GetEndPoints());
        _borrowed = multiplexer;
    }

    /// <summary>Uses the multiplexer an application factory creates (asynchronously, in the background); not disposed here.</summary>
    public RedisConnection(Func<Task<IConnectionMultiplexer>> factory, ILogger logger)
    {
        _logger = logger;
        EndPoints = "(application-supplied connection)";
        _factory = factory;
    }

    /// <summary>No Redis at all: the cache runs on memory and the factory (<c>WithoutRedis()</c>).</summary>
    public RedisConnection(ILogger logger)
    {
        _logger = logger;
        EndPoints = "(none: memory only)";
    }

    /// <summary>
    /// Creates and owns a multiplexer from <paramref name="configuration"/>, in the background. With a
    /// <c>serviceName</c>, the endpoints are Sentinels: the master and replicas are discovered and followed through
    /// failovers by <see cref="SentinelTopology"/>.
    /// </summary>
    public RedisConnection(ConfigurationOptions configuration, ILogger logger, TimeProvider? time = null, TimeSpan? sentinelInterval = null, TimeSpan? sentinelTimeout = null)
    {
        _logger = logger;
        _owned = true;
        EndPoints = Describe([.. configuration.EndPoints]);
        _configuration = configuration;
        if (!string.IsNullOrEmpty(configuration.ServiceName))
        {
            _sentinel = new SentinelTopology(
                configuration,
                sentinelInterval ?? TimeSpan.FromMilliseconds(500),
                sentinelTimeout ?? TimeSpan.FromMilliseconds(500),
                time ?? TimeProvider.System,
                logger,
                (multiplexer, failover) =>
                {
                    Replace(multiplexer, failover);
                    return Task.CompletedTask;
                });
        }
    }

    /// <summary>Raised after the data connection was pointed at another set of nodes; carries the failover when the master changed.</summary>
    public event Action<RedisFailover?>? Switched;

    /// <summary>Gets the Sentinel follower, in Sentinel mode.</summary>
    public SentinelTopology? Sentinel => _sentinel;

    /// <summary>Raised when a connection to a Redis server is restored.</summary>
    public event Action<ConnectionType>? Restored;

    /// <summary>Raised once the multiplexer exists (at once for a borrowed one).</summary>
    public event Action<IConnectionMultiplexer>? Attached;

    /// <summary>Raised when the data connection's link to a master fails (a failover may follow), with that master's endpoint.</summary>
    public event Action<string>? MasterLost;

    /// <summary>Gets a value indicating whether there is no Redis by configuration.</summary>
    public bool IsMemoryOnly => _borrowed is null && _configuration is null && _factory is null;

    /// <summary>Gets a description of the configured endpoints, without credentials.</summary>
    public string EndPoints { get; }

    /// <summary>Attaches a borrowed multiplexer, or starts connecting in the background. Subscribe to the events first.</summary>
    public void Start()
    {
        if (_borrowed is not null)
        {
            Attach(_borrowed);
        }
        else if (_factory is not null)
        {
            _ = AttachFromFactoryAsync(_factory);
        }
        else if (_sentinel is not null)
        {
            Log.RedisConnecting(_logger, "Sentinels " + EndPoints);
            _sentinel.Start();
        }
        else if (_configuration is not null)
        {
            _ = ConnectInBackgroundAsync(_configuration);
        }
    }

    /// <summary>
    /// A second connection for writes confirmed with <c>WAIT</c>, which blocks the connection it runs on; created on first
    /// use (awaited up to the connect timeout), owned and disposed here. <see langword="null"/> when it cannot connect.
    /// </summary>
    public async ValueTask<IConnectionMultiplexer?> GetConfirmedWriteMultiplexerAsync(TimeSpan connectTimeout)
    {
        if (IsMemoryOnly || _disposed.IsCancellationRequested)
        {
            return null;
        }

        var connecting = Volatile.Read(ref _confirmed);
        if (connecting is null)
        {
            if (!TryGetMultiplexer(out var current))
            {
                return null;
            }

            // The data nodes as currently connected (after a Sentinel failover, the new master and its replicas).
            var configuration = _sentinel is null && _configuration is not null ? _configuration.Clone() : ConfigurationOptions.Parse(current.Configuration);
            configuration.ClientName = (configuration.ClientName ?? "ResilientCaching") + "-wait";
            configuration.AbortOnConnectFail = false;
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            var created = ConnectionMultiplexer.ConnectAsync(configuration);
            connecting = Interlocked.CompareExchange(ref _confirmed, created, null) ?? created;
            if (!ReferenceEquals(connecting, created))
            {
                _ = created.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            }
        }

        try
        {
            var connected = await connecting.WaitAsync(connectTimeout).ConfigureAwait(false);
            if (_disposed.IsCancellationRequested && Interlocked.CompareExchange(ref _confirmed, null, connecting) == connecting)
            {
                await connected.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            return connected;
        }
        catch (Exception ex) when (ex is TimeoutException or RedisException or ObjectDisposedException)
        {
            if (connecting.IsFaulted)
            {
                // Try again on the next confirmed write rather than failing them all for good.
                _ = Interlocked.CompareExchange(ref _confirmed, null, connecting);
            }

            return null;
        }
    }

    public bool TryGetMultiplexer([NotNullWhen(true)] out IConnectionMultiplexer? multiplexer)
    {
        multiplexer = Volatile.Read(ref _multiplexer);
        return multiplexer is not null;
    }

    /// <summary>
    /// Builds the client configuration the cache needs from the user's: never abort on connect failure, fail fast
    /// instead of queueing commands while disconnected (the cache has better places to go), reconnect quickly.
    /// </summary>
    public static ConfigurationOptions Prepare(ConfigurationOptions source, ResilientCacheOptions options)
    {
        var configuration = source.Clone();
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        configuration.ReconnectRetryPolicy ??= new ExponentialRetry(250, 2000);
        configuration.ClientName ??= "ResilientCaching";

        // The topology monitor reads INFO replication; this multiplexer is never handed to application code.
        configuration.AllowAdmin = true;
        return configuration;
    }

    /// <summary>
    /// Points the data connection at a new multiplexer (Sentinel mode: the new master and replicas). The old one is
    /// detached at once, so no new command goes to it, and disposed after in-flight commands had time to finish.
    /// </summary>
    public void Replace(IConnectionMultiplexer multiplexer, RedisFailover? failover)
    {
        var previous = Volatile.Read(ref _multiplexer);
        if (previous is not null)
        {
            previous.ConnectionFailed -= OnConnectionFailed;
            previous.ConnectionRestored -= OnConnectionRestored;
        }

        if (Interlocked.Exchange(ref _confirmed, null) is { } confirmed)
        {
            _ = DisposeLaterAsync(confirmed);
        }

        // Detach the old nodes first (no command, not even a replayed invalidation, may reach a demoted master), tell
        // the cache (it queues the invalidations a failover calls for), then let commands reach the new nodes.
        Volatile.Write(ref _multiplexer, null);
        Switched?.Invoke(failover);
        Attach(multiplexer);
        Log.TopologySwitched(_logger, multiplexer.GetServers().Where(s => !s.IsReplica).Select(s => Describe(s.EndPoint)).FirstOrDefault() ?? "(none)", multiplexer.GetServers().Count(s => s.IsReplica));
        if (previous is not null && _owned)
        {
            _ = DisposeLaterAsync(Task.FromResult((ConnectionMultiplexer)previous));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        if (_sentinel is not null)
        {
            await _sentinel.DisposeAsync().ConfigureAwait(false);
        }

        var multiplexer = Interlocked.Exchange(ref _multiplexer, null);
        if (multiplexer is not null)
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
            if (_owned)
            {
                await multiplexer.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (Interlocked.Exchange(ref _confirmed, null) is { } confirmed)
        {
            try
            {
                await (await confirmed.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (RedisException)
            {
            }
        }

        _disposed.Dispose();
    }

    private static async Task DisposeLaterAsync(Task<ConnectionMultiplexer> multiplexer)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            await (await multiplexer.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
        }
    }

    private static string Describe(IEnumerable<System.Net.EndPoint> endPoints)
        => string.Join(",", endPoints.Select(EndPointCollection.ToString));

    private static string Describe(System.Net.EndPoint? endPoint) => endPoint is null ? "(unknown)" : EndPointCollection.ToString(endPoint);

    private async Task AttachFromFactoryAsync(Func<Task<IConnectionMultiplexer>> factory)
    {
        try
        {
            Attach(await factory().ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            // The application's factory failed: the cache runs on memory and the factory, as with Redis down.
            Log.RedisConnectFailed(_logger, EndPoints, TimeSpan.Zero, ex);
        }
    }

    private async Task ConnectInBackgroundAsync(ConfigurationOptions configuration)
    {
        await Task.Yield();
        var token = _disposed.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                Log.RedisConnecting(_logger, EndPoints);
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
                if (token.IsCancellationRequested)
                {
                    await multiplexer.DisposeAsync().ConfigureAwait(false);
                    return;
                }

                Attach(multiplexer);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RedisConnectFailed(_logger, EndPoints, s_retryDelay, ex);
            }

            try
            {
                await Task.Delay(s_retryDelay, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Attach(IConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        Volatile.Write(ref _multiplexer, multiplexer);
        Attached?.Invoke(multiplexer);
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        Log.RedisConnectionFailed(_logger, Describe(e.EndPoint), e.ConnectionType.ToString(), e.FailureType.ToString());
        // Only a link that was up: a node never reached (UnableToConnect) reports no role, e.g. a dead master that
        // StackExchange.Redis rediscovers through a replica still configured to follow it.
        if (e.ConnectionType != ConnectionType.Interactive || e.FailureType == ConnectionFailureType.UnableToConnect
            || sender is not IConnectionMultiplexer multiplexer || !ReferenceEquals(multiplexer, Volatile.Read(ref _multiplexer)) || e.EndPoint is null)
        {
            return;
        }

        bool wasMaster;
        try
        {
            // The role last seen: a connection that just failed still reports it.
            wasMaster = !multiplexer.GetServer(e.EndPoint).IsReplica;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or RedisException)
        {
            return;
        }

        if (wasMaster)
        {
            MasterLost?.Invoke(Describe(e.EndPoint));
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Log.RedisConnectionRestored(_logger, Describe(e.EndPoint), e.ConnectionType.ToString());
        Restored?.Invoke(e.ConnectionType);
    }
}
