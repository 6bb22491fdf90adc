using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>A real master, two replicas and three redis-sentinel processes per test class.</summary>
public sealed class SentinelFixture : TopologyFixture<RedisSentinelGroup>
{
    protected override Task<RedisSentinelGroup> StartAsync() => RedisHarness.StartSentinelAsync(replicas: 2, sentinels: 3);
}
