using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>A real master, two replicas and three redis-sentinel processes per test class.</summary>
public sealed class SentinelFixture : IAsyncLifetime
{
    private RedisSentinelGroup? _group;

    public RedisSentinelGroup Group => _group ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _group = await RedisHarness.StartSentinelAsync(replicas: 2, sentinels: 3);

    public async Task DisposeAsync()
    {
        if (_group is not null)
        {
            await _group.DisposeAsync();
        }
    }
}
