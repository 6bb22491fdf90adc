using System.Globalization;
using PopularPosts.Telemetry;

namespace PopularPosts.Status;

/// <summary>The cache's metrics as the status page shows them, projected from <see cref="LiveCacheMetrics"/>.</summary>
/// <param name="Instruments">The cache's instruments published so far (empty: the cache emits no metrics yet).</param>
/// <param name="Requests">Cache requests since start-up.</param>
/// <param name="HitRatio">Hits over all requests since start-up; <see langword="null"/> before the first request.</param>
/// <param name="RequestsByResult">Requests per <c>cache.result</c> and <c>cache.level</c>.</param>
/// <param name="Fallbacks">Fallbacks per <c>fallback.reason</c>.</param>
/// <param name="Failovers">Failovers followed (the <c>resilientcaching.failovers</c> counter).</param>
/// <param name="Invalidations">Invalidations per <c>invalidation.state</c>.</param>
/// <param name="ReplicaLag">Measured lag per replica.</param>
/// <param name="Circuits">Circuit breaker states.</param>
public sealed record CacheTelemetryView(
    IReadOnlyList<string> Instruments,
    long Requests,
    double? HitRatio,
    IReadOnlyList<RequestCount> RequestsByResult,
    IReadOnlyList<LabeledCount> Fallbacks,
    long Failovers,
    IReadOnlyList<LabeledCount> Invalidations,
    IReadOnlyList<ReplicaLagView> ReplicaLag,
    IReadOnlyList<CircuitView> Circuits)
{
    private static readonly string[] s_circuitStates = ["closed", "half-open", "open", "isolated"];

    /// <summary>Projects a snapshot of the cache's metrics.</summary>
    /// <param name="instruments">The published instruments.</param>
    /// <param name="readings">The readings.</param>
    /// <returns>The view.</returns>
    public static CacheTelemetryView From(IReadOnlyList<string> instruments, IReadOnlyList<MetricReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        IEnumerable<MetricReading> Of(string instrument) => readings.Where(r => r.Instrument == instrument);

        var requests = Of(CacheMetricNames.Requests)
            .GroupBy(r => (Result: r.Attribute(CacheMetricNames.CacheResult), Level: r.Attribute(CacheMetricNames.CacheLevel)))
            .Select(g => new RequestCount(g.Key.Result, g.Key.Level, (long)g.Sum(r => r.Value)))
            .OrderBy(r => r.Result, StringComparer.Ordinal).ThenBy(r => r.Level, StringComparer.Ordinal)
            .ToList();
        var total = requests.Sum(r => r.Count);
        var hits = requests.Where(r => r.Result == "hit").Sum(r => r.Count);

        var lagBytes = Of(CacheMetricNames.ReplicaOffsetLag).ToDictionary(Server, r => r.Value, StringComparer.Ordinal);
        var lag = Of(CacheMetricNames.ReplicaLag)
            .Select(r => new ReplicaLagView(Server(r), r.Value, lagBytes.TryGetValue(Server(r), out var bytes) ? (long)bytes : null))
            .Concat(lagBytes.Where(b => !Of(CacheMetricNames.ReplicaLag).Any(r => Server(r) == b.Key)).Select(b => new ReplicaLagView(b.Key, null, (long)b.Value)))
            .OrderBy(r => r.Server, StringComparer.Ordinal)
            .ToList();

        var circuits = Of(CacheMetricNames.CircuitState)
            .Select(r => new CircuitView(
                r.Attribute(CacheMetricNames.Circuit),
                Server(r) is { Length: > 0 } server ? server : null,
                (int)r.Value,
                r.Value >= 0 && r.Value < s_circuitStates.Length ? s_circuitStates[(int)r.Value] : r.Value.ToString(CultureInfo.InvariantCulture)))
            .OrderBy(c => c.Circuit, StringComparer.Ordinal).ThenBy(c => c.Server, StringComparer.Ordinal)
            .ToList();

        return new CacheTelemetryView(
            instruments,
            total,
            total == 0 ? null : (double)hits / total,
            requests,
            CountBy(Of(CacheMetricNames.Fallbacks), CacheMetricNames.FallbackReason),
            (long)Of(CacheMetricNames.Failovers).Sum(r => r.Value),
            CountBy(Of(CacheMetricNames.Invalidations), CacheMetricNames.InvalidationState),
            lag,
            circuits);
    }

    private static string Server(MetricReading reading)
    {
        var address = reading.Attribute(CacheMetricNames.ServerAddress);
        var port = reading.Attribute(CacheMetricNames.ServerPort);
        return port.Length == 0 ? address : $"{address}:{port}";
    }

    private static List<LabeledCount> CountBy(IEnumerable<MetricReading> readings, string attribute) =>
        [.. readings.GroupBy(r => r.Attribute(attribute))
            .Select(g => new LabeledCount(g.Key, (long)g.Sum(r => r.Value)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Label, StringComparer.Ordinal)];
}
