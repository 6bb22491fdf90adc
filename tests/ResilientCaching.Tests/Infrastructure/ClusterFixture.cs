using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>A real three-master Redis Cluster with one replica per master, per test class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private RedisClusterGroup? _group;

    public RedisClusterGroup Group => _group ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _group = await RedisHarness.StartClusterAsync(masters: 3, replicasPerMaster: 1);

    public async Task DisposeAsync()
    {
        if (_group is not null)
        {
            await _group.DisposeAsync();
        }
    }
}
