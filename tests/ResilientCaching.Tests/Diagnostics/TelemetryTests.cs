using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ResilientCaching.Testing;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Diagnostics;

/// <summary>
/// Metrics and spans through the OpenTelemetry SDK's in-memory exporter: fallbacks carry their reason, a Sentinel
/// failover is exactly one increment and one span, and no attribute ever carries a cache key.
/// </summary>
[Collection(nameof(TelemetryTests))]
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Killing_Redis_counts_fallbacks_by_reason_and_requests_by_result_without_any_key()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddResilientCachingInstrumentation().AddInMemoryExporter(metrics).Build();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddResilientCachingInstrumentation().AddInMemoryExporter(spans).Build();
        await using var node = await RedisHarness.StartStandaloneAsync();
        await using var cache = TestCache.Create(node.ConnectionString);
        await cache.WaitForRedisAsync();
        var keys = Enumerable.Range(0, 5).Select(i => $"secret-key-{i}").ToList();
        foreach (var key in keys)
        {
            await cache.Cache.GetOrSetAsync(key, _ => new ValueTask<int>(1));
            await cache.Cache.GetOrSetAsync(key, _ => new ValueTask<int>(1));
        }

        await node.KillAsync();
        foreach (var key in keys)
        {
            await cache.Cache.GetOrSetAsync("after-kill-" + key, _ => new ValueTask<int>(2));
            await cache.Cache.SetAsync(key, 3);
        }

        meterProvider.ForceFlush();
        tracerProvider.ForceFlush();

        var fallbacks = Points(metrics, "resilientcaching.fallbacks");
        Assert.Contains(fallbacks, p => Tag(p, "fallback.reason") is "connection_failed" or "circuit_open" or "not_connected");
        var requests = Points(metrics, "resilientcaching.requests");
        Assert.Contains(requests, p => Tag(p, "cache.result") == "hit" && Tag(p, "cache.level") == "l1" && p.GetSumLong() >= keys.Count);
        Assert.Contains(requests, p => Tag(p, "cache.result") == "miss");
        Assert.Contains(Points(metrics, "resilientcaching.invalidations"), p => Tag(p, "invalidation.state") == "queued");
        Assert.Contains(Points(metrics, "db.client.operation.duration"), p => Tag(p, "db.system.name") == "redis" && Tag(p, "db.operation.name") == "GET");
        Assert.Contains(spans, s => s.OperationName == "resilientcaching.get_or_set" && s.Events.Any(e => e.Name == "fallback"));

        // Never a cache key in any metric attribute or span attribute.
        var everything = metrics.SelectMany(m => AllPoints(m)).SelectMany(p => Tags(p)).Select(t => t.Value?.ToString())
            .Concat(spans.SelectMany(s => s.TagObjects.Select(t => t.Value?.ToString())))
            .Concat(spans.SelectMany(s => s.Events.SelectMany(e => e.Tags.Select(t => t.Value?.ToString()))));
        Assert.DoesNotContain(everything, v => v is not null && v.Contains("secret-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Sentinel_failover_is_exactly_one_failover_increment_and_one_span()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddResilientCachingInstrumentation().AddInMemoryExporter(metrics).Build();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddResilientCachingInstrumentation().AddInMemoryExporter(spans).Build();
        await using var group = await RedisHarness.StartSentinelAsync(replicas: 1, sentinels: 3, serviceName: "telemetry");
        await using var cache = TestCache.Create(group.SentinelConnectionString, o => o.TopologyMonitorInterval = TimeSpan.FromMilliseconds(200));
        await cache.WaitForRedisAsync(TimeSpan.FromSeconds(15));

        var oldMaster = await group.GetMasterAsync();
        await oldMaster.KillAsync();
        var newMaster = await group.WaitForFailoverAsync(oldMaster, TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => cache.Cache.Topology.LastFailover is not null, TimeSpan.FromSeconds(10), "the cache never followed the failover");
        await Task.Delay(1500);
        meterProvider.ForceFlush();
        tracerProvider.ForceFlush();

        var failovers = Points(metrics, "resilientcaching.failovers").Where(p => Tag(p, "resilientcaching.service") == "telemetry").ToList();
        Assert.Equal(1, failovers.Sum(p => p.GetSumLong()));
        Assert.Equal("sentinel", Tag(failovers.Single(), "resilientcaching.topology"));
        var span = Assert.Single(spans, s => s.OperationName == "resilientcaching.failover" && Equals(s.GetTagItem("resilientcaching.service"), "telemetry"));
        Assert.Equal(oldMaster.EndPoint, span.GetTagItem("resilientcaching.failover.previous_master"));
        Assert.Equal(newMaster.EndPoint, span.GetTagItem("resilientcaching.failover.new_master"));
    }

    private static List<MetricPoint> Points(List<Metric> metrics, string name)
        => metrics.Where(m => m.Name == name).SelectMany(AllPoints).ToList();

    private static IEnumerable<MetricPoint> AllPoints(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }

    private static string? Tag(MetricPoint point, string name) => Tags(point).FirstOrDefault(t => t.Key == name).Value?.ToString();
}
