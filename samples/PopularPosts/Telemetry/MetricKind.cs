namespace PopularPosts.Telemetry;

/// <summary>How a <see cref="MetricReading"/> aggregates measurements.</summary>
public enum MetricKind
{
    /// <summary>Summed since start-up (or the observed total).</summary>
    Counter,

    /// <summary>The last value.</summary>
    Gauge,

    /// <summary>Counted measurements (the distribution is left to Prometheus).</summary>
    Histogram,
}
