using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>One real master with two replicas (each behind its own replication proxy) per test class.</summary>
public sealed class ReplicationFixture : TopologyFixture<RedisReplicationGroup>
{
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

    protected override Task<RedisReplicationGroup> StartAsync() => RedisHarness.StartReplicationAsync(replicas: 2);
}
