namespace ResilientCaching;

/// <summary>
/// The names under which the cache emits telemetry. Every instrument, attribute and span is listed in
/// <c>docs/telemetry.md</c>.
/// </summary>
public static class ResilientCachingDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name.</summary>
    public const string ActivitySourceName = "ResilientCaching";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
    public const string MeterName = "ResilientCaching";
}
