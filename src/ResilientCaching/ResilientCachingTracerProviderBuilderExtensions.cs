using ResilientCaching;

namespace OpenTelemetry.Trace;

/// <summary>One-line OpenTelemetry tracing for the resilient cache.</summary>
public static class ResilientCachingTracerProviderBuilderExtensions
{
    /// <summary>Collects the cache's spans (misses that reach Redis or the factory, fallbacks as events, failovers).</summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The builder.</returns>
    public static TracerProviderBuilder AddResilientCachingInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(ResilientCachingDiagnostics.ActivitySourceName);
    }
}
