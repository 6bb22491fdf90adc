using System.Globalization;

namespace ResilientCaching.Topology;

/// <summary>The fields of <c>INFO replication</c> the monitor uses.</summary>
internal readonly record struct ReplicationInfo(RedisNodeRole Role, long Offset, bool? MasterLinkUp, long? MasterLinkDownSeconds, string? MasterEndPoint = null)
{
    public static ReplicationInfo Parse(string info)
    {
        var role = RedisNodeRole.Unknown;
        long masterOffset = 0;
        long? replicaOffset = null;
        bool? linkUp = null;
        long? downSince = null;
        string? masterHost = null;
        string? masterPort = null;
        foreach (var rawLine in info.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[0] == '#')
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..];
            switch (name)
            {
                case "role":
                    role = value.SequenceEqual("master") ? RedisNodeRole.Master : value.SequenceEqual("slave") ? RedisNodeRole.Replica : RedisNodeRole.Unknown;
                    break;
                case "master_repl_offset":
                    masterOffset = ParseLong(value);
                    break;
                case "slave_repl_offset":
                    replicaOffset = ParseLong(value);
                    break;
                case "master_link_status":
                    linkUp = value.SequenceEqual("up");
                    break;
                case "master_link_down_since_seconds":
                    downSince = ParseLong(value);
                    break;
                case "master_host":
                    masterHost = value.ToString();
                    break;
                case "master_port":
                    masterPort = value.ToString();
                    break;
            }
        }

        return role == RedisNodeRole.Replica
            ? new ReplicationInfo(role, replicaOffset ?? masterOffset, linkUp ?? false, downSince, masterHost is null || masterPort is null ? null : masterHost + ":" + masterPort)
            : new ReplicationInfo(role, masterOffset, null, null);
    }

    private static long ParseLong(ReadOnlySpan<char> value)
        => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
}
