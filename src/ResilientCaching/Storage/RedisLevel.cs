using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ResilientCaching.Resilience;
using ResilientCaching.Topology;
using StackExchange.Redis;

namespace ResilientCaching.Storage;

/// <summary>
/// L2: the Redis commands the cache sends. Master operations are guarded by the primary <see cref="RedisResilience"/>;
/// each replica has its own, so a frozen master does not stop replica reads (and a bad replica does not stop the rest).
/// </summary>
internal sealed class RedisLevel(
    RedisConnection connection,
    RedisResilience primary,
    string keyPrefix,
    ResilientCacheCircuitBreakerOptions breakerOptions,
    TimeProvider time,
    TimeSpan connectTimeout,
    ILogger logger,
    Diagnostics.CacheMetrics metrics)
{
    private readonly ConcurrentDictionary<string, RedisResilience> _replicaResilience = new(StringComparer.Ordinal);
    private readonly RedisResilience _confirmedResilience = new(breakerOptions, time, logger);
    private KnownServerType? _serverType;

    public RedisResilience Resilience => primary;

    /// <summary>Every circuit: the primary (master operations), the confirmed-write one, one per replica.</summary>
    public IEnumerable<(string Name, string? EndPoint, Polly.CircuitBreaker.CircuitState State)> Circuits()
    {
        yield return ("primary", null, primary.State);
        yield return ("confirmed", null, _confirmedResilience.State);
        foreach (var (endPoint, resilience) in _replicaResilience)
        {
            yield return ("replica", endPoint, resilience.State);
        }
    }

    public RedisResilience ResilienceFor(string replicaEndPoint)
        => _replicaResilience.GetOrAdd(replicaEndPoint, static (_, s) => new RedisResilience(s.breakerOptions, s.time, s.logger), (breakerOptions, time, logger));

    public ValueTask<RedisCallResult<Lease<byte>?>> GetAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!connection.TryGetMultiplexer(out var multiplexer))
        {
            return new(RedisCallResult<Lease<byte>?>.Failed(RedisFailure.NotConnected));
        }

        // The prefixed key is built inside the guarded call: with the circuit open a read allocates nothing.
        var started = metrics.MeasuresOperations ? Stopwatch.GetTimestamp() : 0;
        var call = primary.ExecuteAsync(
            static s => s.Database.StringGetLeaseAsync(ToRedisKey(s.Prefix, s.Key)),
            (Database: multiplexer.GetDatabase(), Prefix: keyPrefix, Key: key),
            timeout,
            cancellationToken);
        return started == 0 ? call : MeasureAsync(call, "GET", MasterFor(key), started);
    }

    /// <summary>Runs any command against the master (<see cref="IDatabase"/>), under the primary circuit and the timeout.</summary>
    public ValueTask<RedisCallResult<TResult>> RunAsync<TState, TResult>(string name, Func<IDatabase, TState, Task<TResult>> operation, TState state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!connection.TryGetMultiplexer(out var multiplexer))
        {
            return new(RedisCallResult<TResult>.Failed(RedisFailure.NotConnected));
        }

        var started = metrics.MeasuresOperations ? Stopwatch.GetTimestamp() : 0;
        var call = primary.ExecuteAsync(
            static s => s.Operation(s.Database, s.State),
            (Operation: operation, Database: multiplexer.GetDatabase(), State: state),
            timeout,
            cancellationToken);
        return started == 0 ? call : MeasureAsync(call, name, null, started);
    }

    /// <summary>Reads from one replica (<c>GET</c> sent to that server), under that replica's circuit.</summary>
    public ValueTask<RedisCallResult<RedisResult>> GetFromReplicaAsync(string replicaEndPoint, string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!connection.TryGetMultiplexer(out var multiplexer))
        {
            return new(RedisCallResult<RedisResult>.Failed(RedisFailure.NotConnected));
        }

        IServer server;
        try
        {
            server = multiplexer.GetServer(replicaEndPoint);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or RedisException)
        {
            return new(RedisCallResult<RedisResult>.Failed(RedisFailure.ConnectionFailed));
        }

        var started = metrics.MeasuresOperations ? Stopwatch.GetTimestamp() : 0;
        var call = ResilienceFor(replicaEndPoint).ExecuteAsync(
            static s => s.Server.ExecuteAsync("GET", (object)ToRedisKey(s.Prefix, s.Key)),
            (Server: server, Prefix: keyPrefix, Key: key),
            timeout,
            cancellationToken);
        return started == 0 ? call : MeasureAsync(call, "GET", replicaEndPoint, started);
    }

    /// <summary>
    /// Gets a value indicating whether the connection is to a Redis Cluster. Read on every Redis read: the answer is kept
    /// per multiplexer once a server has answered (asking allocates the server list).
    /// </summary>
    public bool IsCluster
    {
        get
        {
            if (!connection.TryGetMultiplexer(out var multiplexer))
            {
                return false;
            }

            var known = Volatile.Read(ref _serverType);
            if (known is not null && ReferenceEquals(known.Multiplexer, multiplexer))
            {
                return known.IsCluster;
            }

            var servers = multiplexer.GetServers();
            var connected = servers.FirstOrDefault(s => s.IsConnected);
            if (connected is null)
            {
                return false;
            }

            var isCluster = connected.ServerType == ServerType.Cluster;
            Volatile.Write(ref _serverType, new KnownServerType(multiplexer, isCluster));
            return isCluster;
        }
    }

    /// <summary>The master serving <paramref name="key"/> (in Cluster, its slot's master), or <see langword="null"/> when unknown.</summary>
    public string? MasterFor(string key)
    {
        if (!connection.TryGetMultiplexer(out var multiplexer))
        {
            return null;
        }

        try
        {
            return TopologyMonitor.Describe(multiplexer.GetServer(ToRedisKey(key)).EndPoint);
        }
        catch (Exception ex) when (ex is RedisException or InvalidOperationException or ObjectDisposedException)
        {
            // No connection to the key's server right now.
            return null;
        }
    }

    public ValueTask<RedisCallResult<WriteAck>> SetAsync(string key, byte[] envelope, TimeSpan timeToLive, WriteDurability durability, bool wantOffset, TimeSpan timeout, CancellationToken cancellationToken)
        => Measured(WriteAsync(new Write(ToRedisKey(key), envelope, timeToLive), durability, wantOffset, timeout, cancellationToken), "SET", key);

    public ValueTask<RedisCallResult<WriteAck>> DeleteAsync(string key, WriteDurability durability, bool wantOffset, TimeSpan timeout, CancellationToken cancellationToken)
        => Measured(WriteAsync(new Write(ToRedisKey(key), null, default), durability, wantOffset, timeout, cancellationToken), "DEL", key);

    private ValueTask<RedisCallResult<WriteAck>> Measured(ValueTask<RedisCallResult<WriteAck>> call, string operation, string key)
        => metrics.MeasuresOperations ? MeasureAsync(call, operation, MasterFor(key), Stopwatch.GetTimestamp()) : call;

    /// <summary>Records <c>db.client.operation.duration</c> for one guarded call.</summary>
    private async ValueTask<RedisCallResult<T>> MeasureAsync<T>(ValueTask<RedisCallResult<T>> call, string operation, string? endPoint, long started)
    {
        var result = await call.ConfigureAwait(false);
        metrics.Operation(operation, endPoint, started, result.Succeeded ? null : result.Exception?.GetType().Name ?? result.Failure.ToString());
        return result;
    }

    private async ValueTask<RedisCallResult<WriteAck>> WriteAsync(Write write, WriteDurability durability, bool wantOffset, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!connection.TryGetMultiplexer(out var multiplexer))
        {
            return RedisCallResult<WriteAck>.Failed(RedisFailure.NotConnected);
        }

        if (durability.Kind == WriteDurabilityKind.FireAndForget)
        {
            if (primary.IsOpen)
            {
                return RedisCallResult<WriteAck>.Failed(RedisFailure.CircuitOpen);
            }

            try
            {
                _ = write.Send(multiplexer.GetDatabase(), CommandFlags.FireAndForget);
                return RedisCallResult<WriteAck>.Success(default);
            }
            catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
            {
                return RedisCallResult<WriteAck>.Failed(RedisFailureClassifier.Classify(ex), ex);
            }
        }

        if (durability.Kind == WriteDurabilityKind.Replicas)
        {
            // WAIT blocks the connection it runs on and counts only that connection's writes: its own multiplexer.
            var confirmed = await connection.GetConfirmedWriteMultiplexerAsync(connectTimeout).ConfigureAwait(false);
            if (confirmed is null)
            {
                return RedisCallResult<WriteAck>.Failed(RedisFailure.NotConnected);
            }

            multiplexer = confirmed;
        }

        // Confirmed writes wait on replicas by design: their slowness must not open the circuit of every other call.
        var resilience = durability.Kind == WriteDurabilityKind.Replicas ? _confirmedResilience : primary;
        return await resilience.ExecuteAsync(
            static s => SendAsync(s.Multiplexer, s.Write, s.Durability, s.WantOffset),
            (Multiplexer: multiplexer, Write: write, Durability: durability, WantOffset: wantOffset),
            durability.Kind == WriteDurabilityKind.Replicas ? timeout + durability.Timeout : timeout,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The write, then (pipelined on the same connection) <c>ROLE</c> for the offset and <c>WAIT</c> for replicas.</summary>
    private static async Task<WriteAck> SendAsync(IConnectionMultiplexer multiplexer, Write write, WriteDurability durability, bool wantOffset)
    {
        var database = multiplexer.GetDatabase();
        var sent = write.Send(database, CommandFlags.DemandMaster);

        // ROLE and WAIT go to the server that takes this key's write (in Cluster, its slot's master), on the same
        // connection right behind the write: the offset covers it, and WAIT counts it.
        var master = wantOffset || durability.Kind == WriteDurabilityKind.Replicas ? multiplexer.GetServer(write.Key, null, CommandFlags.DemandMaster) : null;
        var role = wantOffset ? master!.ExecuteAsync("ROLE") : null;
        var wait = durability.Kind == WriteDurabilityKind.Replicas
            ? master!.ExecuteAsync("WAIT", durability.ReplicaCount, Math.Max(1L, (long)Math.Ceiling(durability.Timeout.TotalMilliseconds)))
            : null;

        await sent.ConfigureAwait(false);
        long? offset = null;
        if (role is not null)
        {
            var reply = await role.ConfigureAwait(false);
            offset = reply.Length >= 2 ? (long)reply[1] : null;
        }

        var acknowledged = wait is null ? 0 : (int)await wait.ConfigureAwait(false);
        return new WriteAck(offset, acknowledged);
    }

    private RedisKey ToRedisKey(string key) => ToRedisKey(keyPrefix, key);

    private static RedisKey ToRedisKey(string prefix, string key) => prefix.Length == 0 ? key : string.Concat(prefix, key);

    /// <summary>A SET (with envelope) or a DEL (without).</summary>
    private readonly record struct Write(RedisKey Key, byte[]? Envelope, TimeSpan TimeToLive)
    {
        public Task Send(IDatabase database, CommandFlags flags) => Envelope is null
            ? database.KeyDeleteAsync(Key, flags)
            : database.StringSetAsync(Key, Envelope, TimeToLive, flags: flags);
    }

    /// <summary>Whether a given multiplexer talks to a Cluster.</summary>
    private sealed record KnownServerType(IConnectionMultiplexer Multiplexer, bool IsCluster);
}
