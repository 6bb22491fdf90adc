using System.Globalization;

namespace ResilientCaching.Testing.Internal.Topology;

/// <summary>Sentinel config generation and the sentinel-side convergence checks.</summary>
internal static class SentinelTopology
{
    public static int Quorum(int sentinels) => (sentinels / 2) + 1;

    /// <summary>
    /// Fast detection (1 s down-after) and a short failover timeout keep failover tests within seconds.
    /// Sentinel rewrites this file at run time (myid, known replicas and sentinels).
    /// </summary>
    public static IReadOnlyList<string> Configuration(string serviceName, int masterPort, int quorum) =>
    [
        "sentinel resolve-hostnames no",
        "sentinel announce-hostnames no",
        string.Create(CultureInfo.InvariantCulture, $"sentinel monitor {serviceName} {RedisHarnessDefaults.Host} {masterPort} {quorum}"),
        $"sentinel down-after-milliseconds {serviceName} 1000",
        $"sentinel failover-timeout {serviceName} 5000",
        $"sentinel parallel-syncs {serviceName} 1",
    ];

    /// <summary>Returns <c>SENTINEL MASTER name</c> as a field/value map.</summary>
    public static async Task<Dictionary<string, string>> MasterStateAsync(RedisServerNode sentinel, string serviceName, CancellationToken cancellationToken)
    {
        var reply = await sentinel.ExecuteCheckedAsync(cancellationToken, "SENTINEL", "MASTER", serviceName).ConfigureAwait(false);
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < reply.Elements.Count; i += 2)
        {
            state[reply.Elements[i].AsString() ?? string.Empty] = reply.Elements[i + 1].AsString() ?? string.Empty;
        }

        return state;
    }

    /// <summary>Waits until every sentinel sees the master, all its replicas and all the other sentinels.</summary>
    public static Task WaitForDiscoveryAsync(
        IReadOnlyList<RedisServerNode> sentinels,
        string serviceName,
        int replicas,
        TimeSpan timeout,
        CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            $"{sentinels.Count} sentinel(s) know the master of '{serviceName}', its {replicas} replica(s) and each other",
            async token =>
            {
                foreach (var sentinel in sentinels)
                {
                    var state = await MasterStateAsync(sentinel, serviceName, token).ConfigureAwait(false);
                    var flags = state.GetValueOrDefault("flags", "?");
                    var slaves = state.GetValueOrDefault("num-slaves", "?");
                    var others = state.GetValueOrDefault("num-other-sentinels", "?");
                    if (flags != "master"
                        || slaves != replicas.ToString(CultureInfo.InvariantCulture)
                        || others != (sentinels.Count - 1).ToString(CultureInfo.InvariantCulture))
                    {
                        return $"{sentinel.EndPoint} reports flags={flags} num-slaves={slaves} num-other-sentinels={others}";
                    }
                }

                return null;
            },
            timeout,
            cancellationToken);
}
