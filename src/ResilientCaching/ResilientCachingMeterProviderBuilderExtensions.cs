using ResilientCaching;

namespace OpenTelemetry.Metrics;

/// <summary>One-line OpenTelemetry metrics for the resilient cache.</summary>
public static class ResilientCachingMeterProviderBuilderExtensions
{
    /// <summary>Collects the cache's metrics (requests by result, fallbacks by reason, failovers, invalidations, durations, replica lag, circuit state).</summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The builder.</returns>
    public static MeterProviderBuilder AddResilientCachingInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(ResilientCachingDiagnostics.MeterName);
    }
}
