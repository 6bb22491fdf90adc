using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PopularPosts.Telemetry;

/// <summary>OpenTelemetry for the sample: the cache's metrics and traces, Prometheus at <c>/metrics</c>, OTLP when configured.</summary>
public static class SampleTelemetry
{
    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public const string ServiceName = "PopularPosts";

    /// <summary>The standard variable that turns the OTLP exporter on (e.g. <c>http://127.0.0.1:4317</c>).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";


    /// <summary>
    /// Adds metrics (the cache's meter and ASP.NET Core's request duration, exported for Prometheus) and tracing (the
    /// cache's spans under ASP.NET Core's request spans); adds the OTLP exporter for every signal only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; registers <see cref="LiveCacheMetrics"/> for the status page.
    /// </summary>
    /// <param name="builder">The app builder.</param>
    /// <returns>The OTLP endpoint when OTLP export is on, else <see langword="null"/>.</returns>
    public static string? AddSampleTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddResilientCachingInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Hosting")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddResilientCachingInstrumentation()
                .AddSource("Microsoft.AspNetCore"));

        var otlpEndpoint = builder.Configuration[OtlpEndpointVariable];
        if (!string.IsNullOrWhiteSpace(otlpEndpoint))
        {
            otel.UseOtlpExporter();
        }

        builder.Services.AddSingleton(sp => new LiveCacheMetrics(sp.GetService<IMeterFactory>()));
        builder.Services.AddSingleton<FailoverHistory>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FailoverHistory>());
        return string.IsNullOrWhiteSpace(otlpEndpoint) ? null : otlpEndpoint;
    }
}
