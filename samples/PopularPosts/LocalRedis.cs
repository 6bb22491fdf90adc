using ResilientCaching;
using ResilientCaching.Testing;

namespace PopularPosts;

/// <summary>
/// Redis processes the sample launched for itself (through ResilientCaching.Testing): one node, a replication group,
/// a Sentinel group, a Cluster, or independent shards. Every process is stopped with the app (host stop or disposal;
/// the harness also kills them if the process dies).
/// </summary>
public sealed partial class LocalRedis : IHostedService, IAsyncDisposable
{
    /// <summary>How many independent nodes <c>--topology sharded</c> launches.</summary>
    public const int ShardCount = 3;

    private readonly IReadOnlyList<IAsyncDisposable> _processes;
    private readonly RedisServerNode? _standalone;
    private readonly RedisReplicationGroup? _replication;
    private readonly RedisSentinelGroup? _sentinel;
    private readonly RedisClusterGroup? _cluster;
    private readonly IReadOnlyList<RedisServerNode> _shards = [];
    private int _disposed;

    private LocalRedis(string topology, string description, IReadOnlyList<IAsyncDisposable> processes)
    {
        Topology = topology;
        Description = description;
        _processes = processes;
    }

    private LocalRedis(RedisServerNode node)
        : this(SampleTopology.Standalone, "one redis-server", [node]) => _standalone = node;

    private LocalRedis(RedisReplicationGroup group)
        : this(SampleTopology.Replication, $"master + {group.Replicas.Count} replicas (each replicating through a proxy that can hold it back)", [group]) => _replication = group;

    private LocalRedis(RedisSentinelGroup group)
        : this(SampleTopology.Sentinel, $"master + {group.Replicas.Count} replicas + {group.Sentinels.Count} Sentinels (service '{group.ServiceName}')", [group]) => _sentinel = group;

    private LocalRedis(RedisClusterGroup group)
        : this(SampleTopology.Cluster, $"Redis Cluster of {group.Masters.Count} masters with {group.Replicas.Count / Math.Max(1, group.Masters.Count)} replica each", [group]) => _cluster = group;

    private LocalRedis(IReadOnlyList<RedisServerNode> shards)
        : this(SampleTopology.Sharded, $"{shards.Count} independent redis-server shards (client-side rendezvous hashing)", [.. shards]) => _shards = shards;

    /// <summary>Gets the topology name (<c>standalone</c>, <c>replication</c>, <c>sentinel</c>, <c>cluster</c>, <c>sharded</c>).</summary>
    public string Topology { get; }

    /// <summary>Gets what was launched, for people.</summary>
    public string Description { get; }

    /// <summary>Gets what the cache is configured with: its connection string, or the shards' joined by <c> | </c>.</summary>
    public string ConnectionString => _shards.Count > 0
        ? string.Join(" | ", _shards.Select(s => s.ConnectionString))
        : _standalone?.ConnectionString ?? _replication?.ConnectionString ?? _sentinel?.SentinelConnectionString ?? _cluster!.ConnectionString;

    /// <summary>Launches <paramref name="topology"/> on 127.0.0.1 (free ports, temp directories).</summary>
    /// <param name="topology">One of <see cref="SampleTopology.Launchable"/>.</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <returns>The running processes; stop them with <see cref="DisposeAsync"/> or the host.</returns>
    /// <exception cref="RedisNotInstalledException"><c>redis-server</c> is not installed.</exception>
    public static async Task<LocalRedis> StartAsync(string topology, CancellationToken cancellationToken = default) => topology switch
    {
        SampleTopology.Standalone => new LocalRedis(await RedisHarness.StartStandaloneAsync(cancellationToken: cancellationToken)),
        SampleTopology.Replication => new LocalRedis(await RedisHarness.StartReplicationAsync(replicas: 2, cancellationToken: cancellationToken)),
        SampleTopology.Sentinel => new LocalRedis(await RedisHarness.StartSentinelAsync(replicas: 2, sentinels: 3, cancellationToken: cancellationToken)),
        SampleTopology.Cluster => new LocalRedis(await RedisHarness.StartClusterAsync(masters: 3, replicasPerMaster: 1, cancellationToken: cancellationToken)),
        SampleTopology.Sharded => new LocalRedis(await StartShardsAsync(cancellationToken)),
        _ => throw new ArgumentException($"'{topology}' cannot be launched; use one of: {string.Join(", ", SampleTopology.Launchable)}.", nameof(topology)),
    };

    /// <summary>Points the cache at the launched processes.</summary>
    /// <param name="options">The cache options.</param>
    public void Configure(ResilientCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_shards.Count > 0)
        {
            options.Configuration = null;
            options.Shards.Clear();
            foreach (var shard in _shards)
            {
                options.Shards.Add(shard.ConnectionString);
            }

            return;
        }

        options.Configuration = ConnectionString;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>Kills every launched process and deletes its directory; safe to call more than once.</summary>
    /// <returns>A task that completes when everything is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
    }

    private static async Task<IReadOnlyList<RedisServerNode>> StartShardsAsync(CancellationToken cancellationToken)
    {
        var starting = Enumerable.Range(0, ShardCount).Select(_ => RedisHarness.StartStandaloneAsync(cancellationToken: cancellationToken)).ToList();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            await Task.WhenAll(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result.DisposeAsync().AsTask()));
            throw;
        }
    }
}
