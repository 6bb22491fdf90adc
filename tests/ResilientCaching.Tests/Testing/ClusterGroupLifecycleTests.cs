using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Testing;

public sealed class ClusterGroupLifecycleTests
{
    [Fact]
    public async Task SmallCluster_StartsOk_AndDisposeLeavesNoProcess()
    {
        var cluster = await RedisHarness.StartClusterAsync(masters: 2, replicasPerMaster: 0);
        var pids = cluster.Nodes.Select(n => n.ProcessId).ToList();
        var directories = cluster.Nodes.Select(n => n.WorkingDirectory).ToList();
        try
        {
            Assert.Equal(2, cluster.Nodes.Count);
            Assert.Empty(cluster.Replicas);
            Assert.Contains("cluster_state:ok", (await cluster.Nodes[1].ExecuteAsync("CLUSTER", "INFO")).AsString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(cluster.Nodes[0].WorkingDirectory, "nodes.conf")));
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        Assert.All(pids, HarnessAssert.ProcessGone);
        Assert.All(directories, d => Assert.False(Directory.Exists(d)));
    }
}
