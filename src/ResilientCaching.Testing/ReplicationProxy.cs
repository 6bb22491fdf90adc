using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ResilientCaching.Testing.Internal;
using ResilientCaching.Testing.Internal.Proxy;

namespace ResilientCaching.Testing;

/// <summary>
/// A loopback TCP proxy that forwards to a target endpoint and injects network faults: hold (partition
/// with buffering), per-chunk delay, cut, and retarget. <see cref="RedisReplicationGroup"/> puts one between
/// each replica and the master so a test can make a single replica lag while it still serves reads.
/// </summary>
/// <remarks>
/// Replication traffic flows over the connection the replica opens to the master, so holding or delaying
/// the proxy delays the replication stream (and the replica's ACKs) without touching client traffic.
/// </remarks>
public sealed class ReplicationProxy : IAsyncDisposable
{
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<long, (ProxyConnection Connection, Task Completion)> _connections = new();
    private readonly ProxyGate _gate = new();
    private readonly Task _acceptLoop;
    private IPEndPoint _target;
    private long _delayTicks;
    private long _nextConnectionId;
    private int _disposed;

    private ReplicationProxy(Socket listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Gets the port the proxy listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets the endpoint clients connect to, as <c>127.0.0.1:port</c>.</summary>
    public string EndPoint => string.Create(CultureInfo.InvariantCulture, $"{RedisHarnessDefaults.Host}:{Port}");

    /// <summary>Gets the endpoint new connections are forwarded to, as <c>host:port</c>.</summary>
    public string TargetEndPoint => Volatile.Read(ref _target).ToString();

    /// <summary>Gets a value indicating whether forwarding is held by <see cref="Hold"/>.</summary>
    public bool IsHeld => _gate.IsHeld;

    /// <summary>Gets the delay applied to every forwarded chunk (zero by default).</summary>
    public TimeSpan Delay => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));

    /// <summary>Gets the number of client connections currently proxied.</summary>
    public int ActiveConnections => _connections.Count;

    /// <summary>Starts a proxy on a free 127.0.0.1 port forwarding to <paramref name="targetEndPoint"/>.</summary>
    /// <param name="targetEndPoint">A loopback endpoint such as <c>127.0.0.1:6379</c>.</param>
    /// <returns>The listening proxy; dispose it to close every connection.</returns>
    /// <exception cref="ArgumentException">The endpoint is not a loopback <c>ip:port</c>.</exception>
    public static ReplicationProxy Start(string targetEndPoint)
    {
        var target = ParseLoopback(targetEndPoint);
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(128);
            return new ReplicationProxy(listener, target);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops forwarding in both directions while keeping every connection open; bytes that arrive are
    /// buffered in order until <see cref="Release"/>. New connections are accepted but held too.
    /// </summary>
    public void Hold() => _gate.Hold();

    /// <summary>Resumes forwarding, sending everything held (still subject to <see cref="Delay"/>).</summary>
    public void Release() => _gate.Release();

    /// <summary>Delays every chunk by <paramref name="delay"/> from when it arrived, preserving order.</summary>
    /// <param name="delay">The delay; <see cref="TimeSpan.Zero"/> forwards immediately.</param>
    public void SetDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Interlocked.Exchange(ref _delayTicks, delay.Ticks);
    }

    /// <summary>
    /// Drops every current connection with a TCP reset (queued bytes are discarded). The proxy keeps
    /// listening, so clients can reconnect at once.
    /// </summary>
    public void Cut()
    {
        foreach (var entry in _connections.Values)
        {
            entry.Connection.Abort();
        }
    }

    /// <summary>
    /// Forwards new connections to <paramref name="targetEndPoint"/>. Existing connections keep their
    /// target; call <see cref="Cut"/> to make clients reconnect through the new one.
    /// </summary>
    /// <param name="targetEndPoint">A loopback endpoint such as <c>127.0.0.1:6380</c>.</param>
    public void Retarget(string targetEndPoint) => Volatile.Write(ref _target, ParseLoopback(targetEndPoint));

    /// <summary>Returns <c>proxy 127.0.0.1:port -> target</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"proxy {EndPoint} -> {TargetEndPoint}";

    /// <summary>Stops listening, drops every connection and waits for the forwarding tasks to end.</summary>
    /// <returns>A task that completes when the proxy is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        Cut();
        _gate.Release();
        var pending = _connections.Values.Select(e => e.Completion).Append(_acceptLoop);
        try
        {
            await Task.WhenAll(pending).WaitAsync(DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Every socket is closed; a straggling task cannot forward anything any more.
        }

        _shutdown.Dispose();
    }

    private static IPEndPoint ParseLoopback(string endPoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endPoint);
        if (!IPEndPoint.TryParse(endPoint, out var parsed) || parsed.Port == 0)
        {
            throw new ArgumentException($"'{endPoint}' is not an ip:port endpoint.", nameof(endPoint));
        }

        if (!IPAddress.IsLoopback(parsed.Address) || parsed.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"'{endPoint}' is not an IPv4 loopback endpoint; the harness only talks to 127.0.0.0/8.", nameof(endPoint));
        }

        return parsed;
    }

    private async Task AcceptLoopAsync()
    {
        var token = _shutdown.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A transient accept failure (e.g. the client reset before accept): keep listening.
                continue;
            }

            var id = Interlocked.Increment(ref _nextConnectionId);
            var connection = new ProxyConnection(client, Volatile.Read(ref _target), _gate, () => Delay, token);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var completion = RunConnectionAsync(id, connection, started.Task);
            _connections[id] = (connection, completion);
            started.SetResult();
        }
    }

    private async Task RunConnectionAsync(long id, ProxyConnection connection, Task registered)
    {
        // Registered first so Cut() can reach a connection that is still dialling upstream.
        await registered.ConfigureAwait(false);
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }
}
