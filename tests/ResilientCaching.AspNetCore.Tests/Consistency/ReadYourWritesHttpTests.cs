using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResilientCaching.Testing;

namespace ResilientCaching.AspNetCore.Tests.Consistency;

/// <summary>A user who just wrote sees the write on the next page, even served by another app instance reading from a lagging replica.</summary>
public sealed class ReadYourWritesHttpTests : IAsyncLifetime
{
    private static readonly ResilientCacheEntryOptions s_replicaReads = ResilientCacheEntryOptions.Default.WithReadPreference(ReadPreference.PreferReplica, TimeSpan.FromHours(1));
    private RedisReplicationGroup _group = null!;

    public async Task InitializeAsync() => _group = await RedisHarness.StartReplicationAsync(replicas: 2);

    public async Task DisposeAsync() => await _group.DisposeAsync();

    [Fact]
    public async Task Post_then_get_with_the_returned_token_shows_the_new_data_while_replication_is_held()
    {
        await using var writer = await StartAsync();
        await using var reader = await StartAsync();
        using var writerClient = writer.GetTestClient();
        using var readerClient = reader.GetTestClient();
        await WaitForMonitorAsync(writer);
        var first = await writerClient.PostAsync(new Uri("/posts/7?title=old", UriKind.Relative), null);
        Assert.Equal("Written", await first.Content.ReadAsStringAsync());
        await _group.WaitForReplicationAsync();
        await WaitForMonitorAsync(reader);
        foreach (var replica in _group.Replicas)
        {
            _group.ProxyFor(replica).Hold();
        }

        try
        {
            var posted = await writerClient.PostAsync(new Uri("/posts/7?title=new", UriKind.Relative), null);
            var token = posted.Headers.GetValues("X-Consistency-Token").Single();
            Assert.Contains(posted.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rc-consistency=" + token, StringComparison.Ordinal));

            // The reader instance has nothing in memory; with the token it reads a node that has the write (the master).
            using var withToken = new HttpRequestMessage(HttpMethod.Get, "/posts/7") { Headers = { { "X-Consistency-Token", token } } };
            Assert.Equal("new", await (await readerClient.SendAsync(withToken)).Content.ReadAsStringAsync());
            using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/posts/7") { Headers = { { "Cookie", "rc-consistency=" + token } } };
            Assert.Equal("new", await (await readerClient.SendAsync(withCookie)).Content.ReadAsStringAsync());

            // Another user, without the token, is served by a replica that has not received the write yet.
            Assert.Equal("old", await readerClient.GetStringAsync(new Uri("/posts/7", UriKind.Relative)));
        }
        finally
        {
            foreach (var replica in _group.Replicas)
            {
                _group.ProxyFor(replica).Release();
            }
        }
    }

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddResilientRedisCache(o =>
        {
            o.Configuration = _group.ConnectionString;
            o.TopologyMonitorInterval = TimeSpan.FromMilliseconds(100);
            o.OperationTimeout = TimeSpan.FromSeconds(1);
        });
        var app = builder.Build();
        app.UseResilientCacheReadYourWrites();
        app.MapPost("/posts/{id}", async (int id, string title, IResilientCache cache) => (await cache.SetAsync($"post:{id}", title)).Status.ToString());
        app.MapGet("/posts/{id}", async (int id, IResilientCache cache) =>
        {
            // No memory copy: every read is routed by the consistency token.
            ((ResilientCaching.Caching.ResilientCache)cache).Memory.Remove($"post:{id}");
            return (await cache.TryGetAsync<string>($"post:{id}", s_replicaReads)).Value ?? "(none)";
        });
        await app.StartAsync();
        return app;
    }

    private async Task WaitForMonitorAsync(WebApplication app)
    {
        var view = app.Services.GetRequiredService<IRedisTopologyView>();
        for (var i = 0; i < 100 && !(view.Current.Master is not null && view.Current.Replicas.Count(r => r.IsReachable && r.LagBytes == 0) == _group.Replicas.Count); i++)
        {
            await Task.Delay(100);
        }
    }
}
