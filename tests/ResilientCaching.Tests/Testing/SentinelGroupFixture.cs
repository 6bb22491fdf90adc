using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

/// <summary>One Sentinel group (master, 2 replicas, 3 sentinels) shared by read-only tests.</summary>
public sealed class SentinelGroupFixture : IAsyncLifetime
{
    private RedisSentinelGroup? _group;

    public RedisSentinelGroup Group => _group ?? throw new InvalidOperationException("Fixture not initialised.");

    public async Task InitializeAsync() => _group = await RedisHarness.StartSentinelAsync();

    public async Task DisposeAsync()
    {
        if (_group is not null)
        {
            await _group.DisposeAsync();
        }
    }
}
