using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>One real redis-server per test class.</summary>
public sealed class StandaloneRedisFixture : TopologyFixture<RedisServerNode>
{
    public RedisServerNode Node => Group;

    protected override Task<RedisServerNode> StartAsync() => RedisHarness.StartStandaloneAsync();
}
