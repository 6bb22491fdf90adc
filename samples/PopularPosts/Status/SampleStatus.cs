namespace PopularPosts.Status;

/// <summary>What <c>/api/status</c> answers.</summary>
/// <param name="Sample">The sample's name.</param>
/// <param name="Cache">How the sample reaches Redis.</param>
/// <param name="DatabaseReads">Reads that reached SQLite.</param>
/// <param name="DeferredNotifications">Notifications waiting for a replica.</param>
/// <param name="Now">When the status was taken.</param>
/// <param name="Telemetry">The cache's metrics.</param>
/// <param name="Failovers">Failovers followed, newest first.</param>
/// <param name="Topology">The nodes the cache monitors.</param>
/// <param name="Chaos">The chaos buttons' applicability.</param>
public sealed record SampleStatus(
    string Sample,
    CacheMode Cache,
    long DatabaseReads,
    int DeferredNotifications,
    DateTimeOffset Now,
    CacheTelemetryView Telemetry,
    IReadOnlyList<FailoverView> Failovers,
    IReadOnlyList<MonitoredNodeView> Topology,
    ChaosAvailability Chaos);
