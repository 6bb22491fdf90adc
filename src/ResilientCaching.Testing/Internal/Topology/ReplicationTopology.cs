using System.Globalization;

namespace ResilientCaching.Testing.Internal.Topology;

/// <summary>Config lines and convergence checks shared by master/replica topologies.</summary>
internal static class ReplicationTopology
{
    /// <summary>
    /// Lines for every data node that takes part in replication. Diskless sync without delay makes the
    /// initial sync immediate; a 1 s replica ping keeps offsets moving; a 60 s timeout lets a held proxy
    /// keep its link.
    /// </summary>
    public static IReadOnlyList<string> DataNodeConfiguration { get; } =
    [
        "repl-diskless-sync yes",
        "repl-diskless-sync-delay 0",
        "repl-ping-replica-period 1",
        "repl-timeout 60",
        "replica-read-only yes",
    ];

    public static IReadOnlyList<string> ReplicaConfiguration(int masterPort) =>
    [
        .. DataNodeConfiguration,
        string.Create(CultureInfo.InvariantCulture, $"replicaof {RedisHarnessDefaults.Host} {masterPort}"),
    ];

    /// <summary>Waits until every replica's link is up and it has processed the master's current offset.</summary>
    public static Task WaitCaughtUpAsync(
        RedisServerNode master,
        IReadOnlyList<RedisServerNode> replicas,
        TimeSpan timeout,
        CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            $"{replicas.Count} replica(s) of {master.EndPoint} are linked and caught up",
            async token =>
            {
                var masterInfo = await master.GetInfoValuesAsync("replication", token).ConfigureAwait(false);
                var masterOffset = RedisInfo.Int64(masterInfo, "master_repl_offset");
                if (RedisInfo.Int64(masterInfo, "connected_slaves") < replicas.Count)
                {
                    return $"master reports connected_slaves:{RedisInfo.Int64(masterInfo, "connected_slaves")}";
                }

                foreach (var replica in replicas)
                {
                    var info = await replica.GetInfoValuesAsync("replication", token).ConfigureAwait(false);
                    if (!info.TryGetValue("master_link_status", out var link) || link != "up")
                    {
                        return $"{replica.EndPoint} has master_link_status:{link ?? "(none)"}";
                    }

                    var offset = RedisInfo.Int64(info, "slave_repl_offset");
                    if (offset < masterOffset)
                    {
                        return $"{replica.EndPoint} is at offset {offset}, master at {masterOffset}";
                    }
                }

                return null;
            },
            timeout,
            cancellationToken);
}
