using System.Net;

namespace ResilientCaching.Topology;

/// <summary>What a majority of Sentinels say: the master and its replicas.</summary>
internal sealed record SentinelView(EndPoint Master, IReadOnlyList<EndPoint> Replicas)
{
    public string MasterName => TopologyMonitor.Describe(Master);

    public bool SameNodesAs(SentinelView? other)
        => other is not null
           && string.Equals(MasterName, other.MasterName, StringComparison.Ordinal)
           && Replicas.Select(TopologyMonitor.Describe).Order().SequenceEqual(other.Replicas.Select(TopologyMonitor.Describe).Order());
}
