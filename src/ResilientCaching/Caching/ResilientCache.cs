using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ResilientCaching.Resilience;
using ResilientCaching.Storage;
using ResilientCaching.Topology;
using StackExchange.Redis;

namespace ResilientCaching.Caching;

/// <summary>
/// The cache-aside flow over L1 (memory) and L2 (Redis). Split by concern: <c>.L2.cs</c> (Redis reads and writes,
/// envelopes), <c>.Stampede.cs</c> (one factory call per key), <c>.Factory.cs</c> (timeouts and fail-safe),
/// <c>.Invalidation.cs</c> (pub/sub between app instances).
/// </summary>
internal sealed partial class ResilientCache : IResilientCache, IAsyncDisposable, IDisposable
{
    private readonly ResilientCacheOptions _options;
    private readonly ResilientCacheEntryOptions _defaults;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ICacheSerializer _serializer;
    private readonly MemoryLevel _memory;
    private readonly RedisConnection _connection;
    private readonly RedisLevel _redis;
    private readonly TopologyMonitor _monitor;
    private readonly Diagnostics.CacheMetrics _metrics;
    private readonly RecentWrites _recentWrites;
    private long _writesFailingSince;
    private WriteOutage? _lastWriteOutage;
    private ResilientCacheEntryOptions? _lastValidated;

    public ResilientCache(
        ResilientCacheOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        ICacheSerializer? serializer = null,
        IConnectionMultiplexer? multiplexer = null,
        ConfigurationOptions? configuration = null,
        bool memoryOnly = false,
        Func<Task<IConnectionMultiplexer>>? multiplexerFactory = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var error = ResilientCacheOptionsValidator.FirstError(options, requireConnection: !memoryOnly && multiplexer is null && configuration is null && multiplexerFactory is null);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(options));
        }

        _options = options;
        _defaults = options.DefaultEntryOptions ?? ResilientCacheEntryOptions.Default;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ResilientCaching");
        _serializer = serializer ?? new SystemTextJsonCacheSerializer();
        _metrics = Diagnostics.CacheMetrics.For(meterFactory);
        _memory = new MemoryLevel(options.L1SizeLimit, _tags, _time);
        _connection = memoryOnly ? new RedisConnection(_logger)
            : multiplexer is not null ? new RedisConnection(multiplexer, _logger)
            : multiplexerFactory is not null ? new RedisConnection(multiplexerFactory, _logger)
            : new RedisConnection(
                RedisConnection.Prepare(configuration ?? ResilientCacheOptionsValidator.ParseConfiguration(options)!, options),
                _logger,
                _time,
                options.TopologyMonitorInterval,
                Max(options.OperationTimeout, TimeSpan.FromMilliseconds(250)));
        _redis = new RedisLevel(_connection, new RedisResilience(options.CircuitBreaker, _time, _logger), options.KeyPrefix, options.CircuitBreaker, _time, options.ConnectTimeout, _logger, _metrics);
        _monitor = new TopologyMonitor(_connection, _time, options.TopologyMonitorInterval, Max(options.OperationTimeout, TimeSpan.FromMilliseconds(250)), _logger);
        _pendingInvalidations = new InvalidationQueue(options.InvalidationQueueCapacity);
        _invalidationChannel = RedisChannel.Literal(options.KeyPrefix + ResilientCacheDefaults.InvalidationChannelSuffix);
        InitializeTags(options.KeyPrefix);
        _connection.Attached += OnAttached;
        _connection.Restored += OnRestored;
        _connection.Switched += OnSwitched;
        _connection.MasterLost += OnMasterLost;
        _recentWrites = new RecentWrites(ResilientCacheDefaults.FailoverInvalidationWindow, options.InvalidationQueueCapacity, _time);
        _connection.Start();
        _monitor.Start();
        _metrics.Register(this);
    }

    /// <summary>Gets every circuit of this cache, for the circuit-state gauge.</summary>
    internal IEnumerable<(string Name, string? EndPoint, Polly.CircuitBreaker.CircuitState State)> Circuits() => _redis.Circuits();

    /// <summary>Gets the topology monitor's live view.</summary>
    internal TopologyMonitor Topology => _monitor;

    internal MemoryLevel Memory => _memory;

    internal RedisResilience Resilience => _redis.Resilience;

    /// <summary>Gets a value indicating whether the cache runs without Redis by configuration.</summary>
    internal bool IsMemoryOnly => _connection.IsMemoryOnly;

    /// <summary>Gets a value indicating whether Redis is in use now: connected, and its circuit not open.</summary>
    internal bool IsRedisAvailable => _connection.TryGetMultiplexer(out var multiplexer) && multiplexer.IsConnected && !Resilience.IsOpen;

    /// <summary>Gets the configured endpoints, without credentials.</summary>
    internal string RedisEndPoints => _connection.EndPoints;

    /// <inheritdoc/>
    public ValueTask<T> GetOrSetAsync<T>(
        string key,
        Func<CancellationToken, ValueTask<T>> factory,
        ResilientCacheEntryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return GetOrSetAsync(key, factory, static (f, ct) => f(ct), options, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<T> GetOrSetAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        ResilientCacheEntryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(factory);
        var entryOptions = Resolve(options);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        if (_memory.TryGetFresh<T>(key, out var value))
        {
            _metrics.Request("hit", "l1");
            return new ValueTask<T>(value);
        }

        return new ValueTask<T>(JoinOrStartFlight(key, state, factory, entryOptions).WaitAsync(cancellationToken));
    }

    /// <inheritdoc/>
    public ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, ResilientCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        var entryOptions = Resolve(options);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<CacheLookup<T>>(cancellationToken);
        }

        if (_memory.TryGetFresh<T>(key, out var value))
        {
            _metrics.Request("hit", "l1");
            return new ValueTask<CacheLookup<T>>(new CacheLookup<T>(value, CacheLevel.Memory));
        }

        return TryGetFromRedisAsync<T>(key, entryOptions, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<CacheWriteResult> SetAsync<T>(string key, T value, ResilientCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        var entryOptions = Resolve(options);
        cancellationToken.ThrowIfCancellationRequested();

        SupersedeFlight(key);
        var now = Now();
        var times = EntryTimes.For(now, entryOptions);
        _memory.Set(key, value, times, now, entryOptions.L1Duration, TagArray(entryOptions));
        var envelope = TryCreateEnvelope(key, value, times, entryOptions);
        if (envelope is null)
        {
            // Too large or not serializable: whatever Redis holds for the key is now outdated.
            await RemoveFromRedisAsync(key, entryOptions.WithDurability(WriteDurability.Master), cancellationToken).ConfigureAwait(false);
            return new CacheWriteResult(CacheWriteStatus.MemoryOnly);
        }

        var timeToLive = TimeSpan.FromMilliseconds(Math.Max(1, times.FailSafeExpiry - now));
        RedisCallResult<WriteAck> result;
        try
        {
            result = await _redis.SetAsync(key, envelope, timeToLive, entryOptions.Durability, WantsOffset, OperationTimeout(entryOptions), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up, but Redis may still hold the previous value: never leave it behind.
            QueueInvalidation(key);
            throw;
        }

        return Acknowledge("SET", key, result, entryOptions.Durability);
    }

    /// <inheritdoc/>
    public async ValueTask<CacheWriteResult> RemoveAsync(string key, ResilientCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        var entryOptions = Resolve(options);
        cancellationToken.ThrowIfCancellationRequested();

        SupersedeFlight(key);
        _memory.Remove(key);
        return await RemoveFromRedisAsync(key, entryOptions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the key in Redis and tells other instances; when Redis does not answer, queues the deletion.</summary>
    private async ValueTask<CacheWriteResult> RemoveFromRedisAsync(string key, ResilientCacheEntryOptions options, CancellationToken cancellationToken)
    {
        RedisCallResult<WriteAck> result;
        try
        {
            result = await _redis.DeleteAsync(key, options.Durability, WantsOffset, OperationTimeout(options), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            QueueInvalidation(key);
            throw;
        }

        return Acknowledge("DEL", key, result, options.Durability);
    }

    /// <summary>Turns a write's outcome into the caller's result: publish and record the token, or queue the invalidation.</summary>
    private CacheWriteResult Acknowledge(string operation, string key, RedisCallResult<WriteAck> result, WriteDurability durability)
    {
        if (!result.Succeeded)
        {
            // Redis may still hold the previous value: delete it there once Redis answers.
            _metrics.Fallback(FailureName(result.Failure));
            Diagnostics.Log.InvalidationQueued(_logger, operation, key, FailureName(result.Failure));
            QueueInvalidation(key);
            Interlocked.CompareExchange(ref _writesFailingSince, _time.GetTimestamp(), 0);
            if (result.Exception is RedisServerException readOnly && readOnly.Message.StartsWith("READONLY", StringComparison.Ordinal))
            {
                // The node we write to was demoted: ask the Sentinels now rather than at the next poll.
                _connection.Sentinel?.Wake("readonly");
            }

            return new CacheWriteResult(CacheWriteStatus.MemoryOnly);
        }

        var failingSince = Interlocked.Exchange(ref _writesFailingSince, 0);
        if (failingSince != 0)
        {
            var outage = _time.GetElapsedTime(failingSince);
            Volatile.Write(ref _lastWriteOutage, new WriteOutage(outage, _time.GetTimestamp()));
            Diagnostics.Log.WritesResumed(_logger, outage);
        }

        _recentWrites.Record(key);
        PublishInvalidation(key);
        if (durability.Kind == WriteDurabilityKind.FireAndForget)
        {
            // Only sent: a pending deletion of the key stays queued, since this write may never have arrived.
            return new CacheWriteResult(CacheWriteStatus.Sent);
        }

        PendingInvalidations.Supersede(key);

        ConsistencyToken? token = result.Value.MasterOffset is { } offset ? new ConsistencyToken(offset) : null;
        if (token is { } observed)
        {
            ConsistencyScope.Current?.Observe(observed);
        }

        return new CacheWriteResult(CacheWriteStatus.Written, result.Value.ReplicasAcknowledged, token);
    }

    /// <summary>
    /// The data connection now points at other nodes. Writes resume at once (the circuit closes); after a failover,
    /// every key written in the last seconds is invalidated on the new master, since the old one may have acknowledged
    /// writes and removals that never replicated.
    /// </summary>
    private void OnSwitched(RedisFailover? failover)
    {
        _ = Resilience.CloseAsync();
        if (failover is null)
        {
            return;
        }

        // Writes are unavailable until now, or were until they resumed moments ago (the old connection can reach a
        // promoted replica before the Sentinels' answer switches us).
        var failingSince = Interlocked.Read(ref _writesFailingSince);
        var lastOutage = Volatile.Read(ref _lastWriteOutage);

        // Invalidation messages published during the failover may be lost: nothing in memory is fresh any more.
        _memory.ExpireAll();
        // The longer of the outage still running and one that ended moments ago: a write failing in the instant the
        // connection is swapped must not stand for the whole outage.
        TimeSpan? current = failingSince != 0 ? _time.GetElapsedTime(failingSince) : null;
        TimeSpan? recent = lastOutage is not null && _time.GetElapsedTime(lastOutage.EndedAt) < ResilientCacheDefaults.FailoverInvalidationWindow ? lastOutage.Duration : null;
        TimeSpan? unavailable = current is null ? recent : recent is null ? current : current > recent ? current : recent;
        _monitor.ReportFailover(failover with { WritesUnavailableFor = unavailable });
        _metrics.Failover("sentinel", _connection.Sentinel?.ServiceName);
        using (var span = Diagnostics.Activities.Start("resilientcaching.failover"))
        {
            span?.SetTag(Diagnostics.Tags.Topology, "sentinel");
            span?.SetTag(Diagnostics.Tags.Service, _connection.Sentinel?.ServiceName);
            span?.SetTag(Diagnostics.Tags.PreviousMaster, failover.PreviousMaster);
            span?.SetTag(Diagnostics.Tags.NewMaster, failover.NewMaster);
            span?.SetTag(Diagnostics.Tags.DetectedBy, failover.DetectedBy);
        }
        QueueRecentWrites();
    }

    /// <summary>
    /// The link to the master broke: a failover may follow, and the replica it promotes may lack this instance's last
    /// writes and removals (replication is asynchronous). From now until each is deleted on whichever node is master,
    /// the keys written in the last seconds are pending: never read back from Redis (a miss, never a stale value) —
    /// also through the old connection, which can reach a promoted replica before the Sentinels announce it.
    /// </summary>
    private void OnMasterLost(string master)
    {
        var queued = QueueRecentWrites();
        if (queued > 0)
        {
            Diagnostics.Log.MasterLostRecentWritesQueued(_logger, master, queued);
        }
    }

    /// <summary>Queues the deletion of every key written or removed within the failover window; returns how many.</summary>
    private int QueueRecentWrites()
    {
        var keys = _recentWrites.Snapshot();
        foreach (var key in keys)
        {
            QueueInvalidation(key);
        }

        return keys.Count;
    }

    /// <summary>Gets a value indicating whether writes should fetch the master offset: only when there are replicas to read from.</summary>
    private bool WantsOffset => _monitor.Current.Replicas.Any();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        _metrics.Unregister(this);
        await _monitor.DisposeAsync().ConfigureAwait(false);
        _connection.Attached -= OnAttached;
        _connection.Restored -= OnRestored;
        _connection.Switched -= OnSwitched;
        _connection.MasterLost -= OnMasterLost;
        await _connection.DisposeAsync().ConfigureAwait(false);
        _memory.Dispose();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string[]? TagArray(ResilientCacheEntryOptions options)
        => options.Tags is null or { Count: 0 } ? null : options.Tags as string[] ?? [.. options.Tags];

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private TimeSpan OperationTimeout(ResilientCacheEntryOptions options) => options.RedisOperationTimeout ?? _options.OperationTimeout;

    private static string FailureName(RedisFailure failure) => failure switch
    {
        RedisFailure.NotConnected => "not_connected",
        RedisFailure.CircuitOpen => "circuit_open",
        RedisFailure.Timeout => "timeout",
        RedisFailure.ConnectionFailed => "connection_failed",
        RedisFailure.ServerError => "server_error",
        _ => "none",
    };

    private void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > _options.MaxKeyLength)
        {
            throw new ArgumentException(
                $"The cache key is {key.Length} characters long, over ResilientCacheOptions.MaxKeyLength ({_options.MaxKeyLength}).",
                nameof(key));
        }
    }

    private ResilientCacheEntryOptions Resolve(ResilientCacheEntryOptions? options)
    {
        if (options is null || ReferenceEquals(options, _defaults) || ReferenceEquals(options, Volatile.Read(ref _lastValidated)))
        {
            return options ?? _defaults;
        }

        var error = options.Validate("options.");
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(options));
        }

        Volatile.Write(ref _lastValidated, options);
        return options;
    }

    /// <summary>How long writes failed, and when they resumed.</summary>
    private sealed record WriteOutage(TimeSpan Duration, long EndedAt);
}
