using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>A real three-master Redis Cluster with one replica per master, per test class.</summary>
public sealed class ClusterFixture : TopologyFixture<RedisClusterGroup>
{
    public RedisClusterGroup Cluster => Group;

    protected override Task<RedisClusterGroup> StartAsync() => RedisHarness.StartClusterAsync(masters: 3, replicasPerMaster: 1);
}
