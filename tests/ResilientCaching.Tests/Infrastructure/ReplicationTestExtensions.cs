using System.Globalization;
using System.Text.RegularExpressions;
using ResilientCaching.Testing;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>Helpers that read the real servers' state.</summary>
internal static partial class ReplicationTestExtensions
{
    /// <summary>How many GET commands the node has served (INFO commandstats): tells which node answered a read.</summary>
    public static async Task<long> GetCallsAsync(this RedisServerNode node)
    {
        var stats = await node.GetInfoAsync("commandstats");
        var match = GetCalls().Match(stats);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Creates a cache on the group with a fast monitor and waits until it sees the master and every replica.</summary>
    public static async Task<TestCache> CreateCacheAsync(this RedisReplicationGroup group, Action<ResilientCacheOptions>? configure = null)
    {
        var cache = TestCache.Create(group.ConnectionString, o =>
        {
            o.TopologyMonitorInterval = TimeSpan.FromMilliseconds(100);

            // Routing, not timing, is under test: keep a loaded two-core machine from turning slow reads into misses.
            o.OperationTimeout = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
        await cache.WaitForRedisAsync();
        try
        {
            await Eventually.TrueAsync(
                () => cache.Cache.Topology.Current.Master is not null && cache.Cache.Topology.Current.Replicas.Count(r => r.IsReachable) == group.Replicas.Count,
                TimeSpan.FromSeconds(10),
                "the topology monitor never saw the master and every replica");
        }
        catch (Exception ex)
        {
            var state = Describe(cache) + " | logs: " + string.Join(" / ", cache.Logs.GetSnapshot().Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Information).Select(r => r.Message + " " + r.Exception?.Message));
            await cache.DisposeAsync();
            throw new InvalidOperationException(state, ex);
        }

        return cache;
    }

    public static string Describe(TestCache cache)
        => string.Join("; ", cache.Cache.Topology.Current.Nodes.Select(n => $"{n.EndPoint} {n.Role} reachable={n.IsReachable} offset={n.ReplicationOffset} link={n.IsMasterLinkUp} lag={n.Lag.TotalMilliseconds:F0}ms/{n.LagBytes}B"));

    public static RedisNodeStatus StatusOf(this TestCache cache, RedisServerNode node)
        => cache.Cache.Topology.Current.Nodes.Single(n => n.EndPoint == node.EndPoint);

    [GeneratedRegex(@"cmdstat_get:calls=(\d+)")]
    private static partial Regex GetCalls();
}
