using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>Three independent redis-server processes per test class, for client-side sharding.</summary>
public sealed class ShardsFixture : IAsyncLifetime
{
    private readonly List<RedisServerNode> _nodes = [];

    public IReadOnlyList<RedisServerNode> Nodes => _nodes;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(await RedisHarness.StartStandaloneAsync());
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
