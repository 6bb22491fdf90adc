using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ResilientCaching.Testing.Internal;
using ResilientCaching.Testing.Internal.Processes;

namespace ResilientCaching.Testing;

/// <summary>
/// One real <c>redis-server</c> (or <c>redis-server --sentinel</c>) process on 127.0.0.1, with its own
/// free port and temp working directory, plus the faults tests inject into it: kill, pause, restart, flush.
/// Disposing it kills the process and deletes the directory.
/// </summary>
public sealed partial class RedisServerNode : IAsyncDisposable
{
    private readonly NodeKind _kind;
    private readonly RedisNodeOptions _options;
    private readonly string _executable;
    private readonly IReadOnlyList<string> _roleConfiguration;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly ConcurrentQueue<string> _processOutput = new();
    private Process? _process;
    private int _disposed;

    internal RedisServerNode(NodeKind kind, RedisNodeOptions options, IReadOnlyList<string> roleConfiguration)
    {
        options.Validate();
        _kind = kind;
        _options = options;
        _roleConfiguration = roleConfiguration;
        _executable = RedisExecutable.Locate(options.RedisServerPath);
        WorkingDirectory = HarnessDirectory.Create(kind == NodeKind.Sentinel ? "sentinel" : "redis");
        LogPath = Path.Combine(WorkingDirectory, kind == NodeKind.Sentinel ? "sentinel.log" : "redis.log");
        ConfigPath = Path.Combine(WorkingDirectory, kind == NodeKind.Sentinel ? "sentinel.conf" : "redis.conf");
    }

    /// <summary>Gets the host the node listens on: always <c>127.0.0.1</c>.</summary>
    public string Host => RedisHarnessDefaults.Host;

    /// <summary>Gets the TCP port the node listens on (kept across <see cref="RestartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Gets the endpoint as <c>127.0.0.1:port</c>.</summary>
    public string EndPoint => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>Gets a StackExchange.Redis connection string for this node alone (<c>127.0.0.1:port</c>).</summary>
    public string ConnectionString => EndPoint;

    /// <summary>Gets a value indicating whether the process is alive (it may be paused).</summary>
    public bool IsRunning
    {
        get
        {
            var process = _process;
            return process is not null && !process.HasExited;
        }
    }

    /// <summary>Gets a value indicating whether the process is stopped with SIGSTOP by <see cref="PauseAsync"/>.</summary>
    public bool IsPaused { get; private set; }

    /// <summary>Gets the pid of the current process, or of the last one when it was killed.</summary>
    public int ProcessId { get; private set; }

    /// <summary>Gets the node's temp directory (config file, log, nodes.conf); deleted on dispose.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Gets the path of the Redis log file, for diagnosing a failed test.</summary>
    public string LogPath { get; }

    internal string ConfigPath { get; }

    internal bool IsSentinel => _kind == NodeKind.Sentinel;

    internal TimeSpan CommandTimeout => _options.CommandTimeout;

    /// <summary>Returns a short description such as <c>redis-server 127.0.0.1:12345 (pid 4242)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(IsSentinel ? "redis-sentinel" : "redis-server")} {EndPoint} (pid {ProcessId})");

    /// <summary>Kills the process (resuming it first when paused), waits for it to exit and deletes its directory.</summary>
    /// <returns>A task that completes when the process is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await KillCoreAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _process?.Dispose();
            _process = null;
            if (Port != 0)
            {
                PortAllocator.Release(Port);
            }

            HarnessDirectory.Delete(WorkingDirectory);
            _lifecycle.Release();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
}
