using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>One real redis-server per test class.</summary>
public sealed class StandaloneRedisFixture : IAsyncLifetime
{
    private RedisServerNode? _node;

    public RedisServerNode Node => _node ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _node = await RedisHarness.StartStandaloneAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
