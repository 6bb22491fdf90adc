using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

/// <summary>One 3-master, 3-replica cluster shared by the tests of a class.</summary>
public sealed class ClusterGroupFixture : IAsyncLifetime
{
    private RedisClusterGroup? _cluster;

    public RedisClusterGroup Cluster => _cluster ?? throw new InvalidOperationException("Fixture not initialised.");

    public async Task InitializeAsync() => _cluster = await RedisHarness.StartClusterAsync(masters: 3, replicasPerMaster: 1);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
