using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>One real master with two replicas (each behind its own replication proxy) per test class.</summary>
public sealed class ReplicationFixture : IAsyncLifetime
{
    private RedisReplicationGroup? _group;

    public RedisReplicationGroup Group => _group ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _group = await RedisHarness.StartReplicationAsync(replicas: 2);

    /// <summary>Releases every proxy and waits for the replicas to catch up, so each test starts healthy.</summary>
    public async Task HealAsync()
    {
        foreach (var replica in Group.Replicas)
        {
            var proxy = Group.ProxyFor(replica);
            proxy.SetDelay(TimeSpan.Zero);
            proxy.Release();
        }

        await Group.WaitForReplicationAsync();
    }

    public async Task DisposeAsync()
    {
        if (_group is not null)
        {
            await _group.DisposeAsync();
        }
    }
}
