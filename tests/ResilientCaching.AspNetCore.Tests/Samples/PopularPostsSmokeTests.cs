using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ResilientCaching.AspNetCore.Tests.Samples;

/// <summary>The sample starts on memory only and with a launched redis-server, and serves its pages through the cache.</summary>
public sealed class PopularPostsSmokeTests
{
    [Fact]
    public async Task Memory_only_topology_serves_pages_and_reports_degraded()
    {
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("topology", "none"));
        using var client = app.CreateClient();

        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("memory only", home, StringComparison.Ordinal);
        await AssertServesThroughCacheAsync(client);
        var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Launched_standalone_topology_serves_pages_from_Redis_and_stops_the_server()
    {
        int port;
        await using (var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("topology", "standalone")))
        {
            using var client = app.CreateClient();
            var home = await client.GetFromJsonAsync<Home>(new Uri("/", UriKind.Relative));
            Assert.Equal("standalone", home!.Cache.Topology);
            port = int.Parse(home.Cache.Description.Split(':')[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);

            await AssertServesThroughCacheAsync(client);
            var created = await client.PostAsJsonAsync(new Uri("/posts", UriKind.Relative), new { title = "fresh", body = "b" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Contains("\"cache\":\"Written\"", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        }

        // The app stopped its redis-server.
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task Default_replication_topology_confirms_a_new_post_on_a_replica_before_notifying()
    {
        await using var app = new WebApplicationFactory<Program>();
        using var client = app.CreateClient();
        var home = await client.GetFromJsonAsync<Home>(new Uri("/", UriKind.Relative));
        Assert.Equal("replication", home!.Cache.Topology);

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

    private static async Task AssertServesThroughCacheAsync(HttpClient client)
    {
        var readsBefore = (await client.GetFromJsonAsync<Home>(new Uri("/", UriKind.Relative)))!.DatabaseReads;
        for (var i = 0; i < 5; i++)
        {
            var post = await client.GetFromJsonAsync<PostView>(new Uri("/posts/1", UriKind.Relative));
            Assert.Equal(1, post!.Id);
            var popular = await client.GetFromJsonAsync<PostView[]>(new Uri("/posts/popular", UriKind.Relative));
            Assert.NotEmpty(popular!);
        }

        var readsAfter = (await client.GetFromJsonAsync<Home>(new Uri("/", UriKind.Relative)))!.DatabaseReads;
        Assert.Equal(readsBefore + 2, readsAfter);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/posts/999", UriKind.Relative))).StatusCode);
    }

    private sealed record Home(ModeView Cache, long DatabaseReads);

    private sealed record ModeView(string Topology, string Description);

    private sealed record PostView(long Id, string Title);

    private sealed record TopologyView(NodeView[] Nodes);

    private sealed record NodeView(string Role, bool IsReachable);

    private sealed record Outcome(string Notification, int ReplicasAcknowledged, string? ConsistencyToken);
}
