using PopularPosts.Telemetry;
using ResilientCaching;

namespace PopularPosts.Status;

/// <summary><c>GET /api/status</c>: everything the status page shows, in one JSON document.</summary>
public static class StatusEndpoints
{
    /// <summary>Maps <c>GET /api/status</c>.</summary>
    /// <param name="app">The endpoint builder.</param>
    /// <returns>The endpoint builder.</returns>
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", (HttpContext context) => Results.Ok(Build(context.RequestServices)));
        return app;
    }

    /// <summary>Builds the status from the app's services.</summary>
    /// <param name="services">The app's services.</param>
    /// <returns>The status.</returns>
    public static SampleStatus Build(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var mode = services.GetRequiredService<CacheMode>();
        var metrics = services.GetRequiredService<LiveCacheMetrics>();
        var topology = services.GetRequiredService<IRedisTopologyView>();
        var local = services.GetService<LocalRedis>();
        var time = services.GetRequiredService<TimeProvider>();

        var readings = metrics.Snapshot();
        var nodes = topology.Current.Nodes
            .Select(n => new MonitoredNodeView(
                n.EndPoint,
                n.Role.ToString(),
                n.IsReachable,
                n.Role == RedisNodeRole.Master ? 0 : n.Lag == TimeSpan.MaxValue ? null : n.Lag.TotalSeconds,
                n.LagBytes,
                n.MasterEndPoint))
            .ToList();
        var chaos = local is null
            ? new ChaosAvailability(false, $"The chaos buttons act only on Redis the sample launched; this run uses {mode.Topology} ({mode.Description}).", false, [])
            : new ChaosAvailability(true, $"Acting on the launched {local.Topology} topology: {local.Description}.", local.Topology == SampleTopology.Replication, local.DescribeNodes());

        return new SampleStatus(
            "PopularPosts",
            mode,
            services.GetRequiredService<PostStore>().Reads,
            services.GetRequiredService<PushNotifications>().Deferred,
            time.GetUtcNow(),
            CacheTelemetryView.From(metrics.Instruments, readings),
            [.. services.GetRequiredService<FailoverHistory>().All.Select(f => new FailoverView(f.PreviousMaster, f.NewMaster, f.DetectedAt, f.DetectedBy, f.WritesUnavailableFor?.TotalMilliseconds))],
            nodes,
            chaos);
    }
}
