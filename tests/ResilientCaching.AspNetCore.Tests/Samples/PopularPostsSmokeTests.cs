using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ResilientCaching.AspNetCore.Tests.Samples;

/// <summary>
/// The sample starts on memory only, with a launched redis-server and with its default Sentinel topology; serves its
/// pages through the cache, its status page, its Prometheus metrics and its chaos endpoints.
/// </summary>
public sealed class PopularPostsSmokeTests
{
    private static readonly Uri Status = new("/api/status", UriKind.Relative);

    [Fact]
    public async Task Memory_only_topology_serves_pages_and_reports_degraded()
    {
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("topology", "none"));
        using var client = app.CreateClient();

        var status = await client.GetStringAsync(Status);
        Assert.Contains("memory only", status, StringComparison.Ordinal);
        await AssertServesThroughCacheAsync(client);
        var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());

        // The status page is static HTML + JS; the chaos endpoints say why they do not apply.
        var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("status.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("/api/status", await client.GetStringAsync(new Uri("/status.js", UriKind.Relative)), StringComparison.Ordinal);
        var kill = await client.PostAsync(new Uri("/chaos/master/kill", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, kill.StatusCode);
        Assert.Contains("No launched Redis", (await kill.Content.ReadFromJsonAsync<Chaos>())!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launched_standalone_topology_serves_pages_from_Redis_and_stops_the_server()
    {
        int port;
        await using (var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("topology", "standalone")))
        {
            using var client = app.CreateClient();
            var home = await client.GetFromJsonAsync<Home>(Status);
            Assert.Equal("standalone", home!.Cache.Topology);
            port = int.Parse(home.Cache.Description.Split(':')[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);

            await AssertServesThroughCacheAsync(client);
            var created = await client.PostAsJsonAsync(new Uri("/posts", UriKind.Relative), new { title = "fresh", body = "b" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Contains("\"cache\":\"Written\"", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/health", UriKind.Relative)));

            // The in-process metrics (MeterListener) and the Prometheus endpoint both saw the cache's requests.
            var telemetry = (await client.GetFromJsonAsync<Home>(Status))!.Telemetry;
            Assert.Contains("resilientcaching.requests", telemetry.Instruments);
            Assert.True(telemetry.Requests >= 10, $"{telemetry.Requests} cache requests counted");
            Assert.True(telemetry.HitRatio > 0.5, $"hit ratio {telemetry.HitRatio}");
            var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains("resilientcaching_requests_total{", metrics, StringComparison.Ordinal);
            Assert.Contains("cache_result=\"hit\"", metrics, StringComparison.Ordinal);

            // Chaos: not applicable (404), not possible now (409), then a kill the pages survive and a restart.
            Assert.Equal(HttpStatusCode.NotFound, (await PostChaosAsync(client, "replication/hold")).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await PostChaosAsync(client, "master/resume")).StatusCode);
            var kill = await PostChaosAsync(client, "master/kill");
            Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
            Assert.Equal($"127.0.0.1:{port}", (await kill.Content.ReadFromJsonAsync<Chaos>())!.Node);
            Assert.Equal(HttpStatusCode.Conflict, (await PostChaosAsync(client, "master/kill")).StatusCode);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/posts/1", UriKind.Relative))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/posts/popular", UriKind.Relative))).StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await PostChaosAsync(client, "master/restart")).StatusCode);
        }

        // The app stopped its redis-server.
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task Default_sentinel_topology_confirms_a_new_post_on_a_replica_before_notifying()
    {
        await using var app = new WebApplicationFactory<Program>();
        using var client = app.CreateClient();
        var home = await client.GetFromJsonAsync<Home>(Status);
        Assert.Equal("sentinel", home!.Cache.Topology);
        Assert.Equal(6, home.Chaos.Processes.Length);
        Assert.Equal(3, home.Chaos.Processes.Count(p => p.Kind == "sentinel"));

        // The cache's monitor sees the master and both replicas before publishing.
        for (var i = 0; (await client.GetFromJsonAsync<TopologyView>(new Uri("/topology", UriKind.Relative)))!.Nodes.Count(n => n.Role == "Replica" && n.IsReachable) < 2; i++)
        {
            Assert.True(i < 100, "the sample's topology monitor never saw two replicas");
            await Task.Delay(100);
        }

        var created = await client.PostAsJsonAsync(new Uri("/posts", UriKind.Relative), new { title = "popular post", body = "tap me" });
        var outcome = await created.Content.ReadFromJsonAsync<Outcome>();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("sent", outcome!.Notification);
        Assert.True(outcome.ReplicasAcknowledged >= 1);
        Assert.NotNull(outcome.ConsistencyToken);
        await AssertServesThroughCacheAsync(client);
    }

    private static Task<HttpResponseMessage> PostChaosAsync(HttpClient client, string action) =>
        client.PostAsync(new Uri($"/chaos/{action}", UriKind.Relative), null);

    private static async Task AssertServesThroughCacheAsync(HttpClient client)
    {
        var readsBefore = (await client.GetFromJsonAsync<Home>(Status))!.DatabaseReads;
        for (var i = 0; i < 5; i++)
        {
            var post = await client.GetFromJsonAsync<PostView>(new Uri("/posts/1", UriKind.Relative));
            Assert.Equal(1, post!.Id);
            var popular = await client.GetFromJsonAsync<PostView[]>(new Uri("/posts/popular", UriKind.Relative));
            Assert.NotEmpty(popular!);
        }

        var readsAfter = (await client.GetFromJsonAsync<Home>(Status))!.DatabaseReads;
        Assert.Equal(readsBefore + 2, readsAfter);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/posts/999", UriKind.Relative))).StatusCode);
    }

    private sealed record Home(ModeView Cache, long DatabaseReads, TelemetryView Telemetry, ChaosView Chaos);

    private sealed record ModeView(string Topology, string Description);

    private sealed record TelemetryView(string[] Instruments, long Requests, double? HitRatio);

    private sealed record ChaosView(bool Available, ProcessView[] Processes);

    private sealed record ProcessView(string Kind, string EndPoint, bool IsRunning);

    private sealed record Chaos(int StatusCode, string Message, string? Node);

    private sealed record PostView(long Id, string Title);

    private sealed record TopologyView(NodeView[] Nodes);

    private sealed record NodeView(string Role, bool IsReachable);

    private sealed record Outcome(string Notification, int ReplicasAcknowledged, string? ConsistencyToken);
}
