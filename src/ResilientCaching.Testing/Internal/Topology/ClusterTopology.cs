using System.Globalization;

namespace ResilientCaching.Testing.Internal.Topology;

/// <summary>Cluster config generation, slot layout and convergence checks.</summary>
internal static class ClusterTopology
{
    public const int SlotCount = 16384;

    /// <summary>A short node timeout makes failure detection and replica promotion take about a second.</summary>
    public static IReadOnlyList<string> Configuration { get; } =
    [
        .. ReplicationTopology.DataNodeConfiguration,
        "cluster-enabled yes",
        "cluster-config-file nodes.conf",
        "cluster-node-timeout 1000",
    ];

    /// <summary>The inclusive slot range of master <paramref name="index"/> of <paramref name="masters"/>.</summary>
    public static (int First, int Last) SlotRange(int index, int masters) =>
        (index * SlotCount / masters, ((index + 1) * SlotCount / masters) - 1);

    /// <summary>One parsed line of <c>CLUSTER NODES</c>.</summary>
    public sealed record NodeLine(string Id, string EndPoint, IReadOnlySet<string> Flags, string MasterId);

    public static async Task<IReadOnlyList<NodeLine>> NodesAsync(RedisServerNode node, CancellationToken cancellationToken)
    {
        var reply = await node.ExecuteCheckedAsync(cancellationToken, "CLUSTER", "NODES").ConfigureAwait(false);
        var lines = new List<NodeLine>();
        foreach (var line in (reply.AsString() ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // <id> <ip:port@cport[,hostname]> <flags> <master> ...
            var fields = line.Split(' ');
            if (fields.Length < 4)
            {
                continue;
            }

            var address = fields[1].Split('@')[0];
            lines.Add(new NodeLine(fields[0], address, fields[2].Split(',').ToHashSet(StringComparer.Ordinal), fields[3]));
        }

        return lines;
    }

    public static async Task<Dictionary<string, string>> InfoAsync(RedisServerNode node, CancellationToken cancellationToken)
    {
        var reply = await node.ExecuteCheckedAsync(cancellationToken, "CLUSTER", "INFO").ConfigureAwait(false);
        return RedisInfo.Parse(reply.AsString() ?? string.Empty);
    }

    /// <summary>Returns null when <paramref name="node"/> reports a healthy cluster with full slot coverage.</summary>
    public static async Task<string?> CheckOkAsync(RedisServerNode node, int expectedNodes, CancellationToken cancellationToken)
    {
        var info = await InfoAsync(node, cancellationToken).ConfigureAwait(false);
        var state = info.GetValueOrDefault("cluster_state", "?");
        var slotsOk = RedisInfo.Int64(info, "cluster_slots_ok");
        var known = RedisInfo.Int64(info, "cluster_known_nodes");
        return state == "ok" && slotsOk == SlotCount && known == expectedNodes
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{node.EndPoint} reports cluster_state:{state} cluster_slots_ok:{slotsOk} cluster_known_nodes:{known}");
    }
}
