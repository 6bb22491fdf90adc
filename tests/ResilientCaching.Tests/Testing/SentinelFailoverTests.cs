using System.Diagnostics;
using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class SentinelFailoverTests
{
    [Fact]
    public async Task KillingTheMaster_SentinelsPromoteAReplica_AndDisposeLeavesNoProcess()
    {
        var group = await RedisHarness.StartSentinelAsync(replicas: 2, sentinels: 3, serviceName: "failover-test");
        var pids = group.Sentinels.Concat(group.Replicas).Prepend(group.Master).Select(n => n.ProcessId).ToList();
        try
        {
            await group.Master.ExecuteAsync("SET", "before-failover", "1");
            await group.WaitForReplicationAsync();
            var oldMaster = group.Master;

            var elapsed = Stopwatch.StartNew();
            await oldMaster.KillAsync();
            var promoted = await group.WaitForFailoverAsync(oldMaster, TimeSpan.FromSeconds(15));
            elapsed.Stop();

            Assert.Contains(promoted, group.Replicas);
            Assert.Equal("master", await promoted.GetRoleAsync());
            Assert.Equal(promoted.EndPoint, await group.GetMasterEndPointAsync());
            Assert.Equal("1", (await promoted.ExecuteAsync("GET", "before-failover")).AsString());
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(12), $"failover took {elapsed.Elapsed.TotalSeconds:0.0} s");

            // The other replica is moved under the new master.
            await promoted.ExecuteAsync("SET", "after-failover", "2");
            await group.WaitForReplicationAsync();
            var other = group.Replicas.Single(r => r != promoted);
            Assert.Equal("2", (await other.ExecuteAsync("GET", "after-failover")).AsString());
        }
        finally
        {
            await group.DisposeAsync();
        }

        Assert.All(pids, HarnessAssert.ProcessGone);
    }
}
