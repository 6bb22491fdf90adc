using ResilientCaching.Testing;

namespace PopularPosts;

/// <summary>A redis-server the sample launched for itself (through ResilientCaching.Testing); stopped with the app.</summary>
public sealed class LocalRedis(RedisServerNode node) : IHostedService
{
    public RedisServerNode Node => node;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await node.DisposeAsync();
}
