using ResilientCaching.Testing;

namespace PopularPosts;

/// <summary>Redis processes the sample launched for itself (through ResilientCaching.Testing); stopped with the app.</summary>
public sealed class LocalRedis : IHostedService
{
    private readonly IAsyncDisposable _processes;

    public LocalRedis(RedisServerNode node)
    {
        _processes = node;
        ConnectionString = node.ConnectionString;
        Description = "redis-server";
    }

    public LocalRedis(RedisReplicationGroup group)
    {
        _processes = group;
        ConnectionString = group.ConnectionString;
        Description = $"master + {group.Replicas.Count} replicas";
    }

    public string ConnectionString { get; }

    public string Description { get; }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await _processes.DisposeAsync();
}
