using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PopularPosts;
using ResilientCaching;
using ResilientCaching.Testing;

// The seed's story: posts in SQLite (the source of truth), read through a resilient cache over Redis.
//   dotnet run --project samples/PopularPosts                        launches a local master + 2 replicas when redis-server is installed
//   dotnet run --project samples/PopularPosts -- --topology standalone   one local redis-server
//   dotnet run --project samples/PopularPosts -- --topology none     memory only
//   dotnet run --project samples/PopularPosts -- --redis host:port   an existing Redis
var builder = WebApplication.CreateBuilder(args);
var cacheBuilder = builder.Services.AddResilientRedisCache(builder.Configuration.GetSection("ResilientCache"));
var mode = await ConfigureRedisAsync(builder, cacheBuilder);
builder.Services.AddSingleton(mode);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddSingleton<PostStore>();
builder.Services.AddSingleton<PushNotifications>();
builder.Services.AddHealthChecks().AddResilientRedisCache();

var app = builder.Build();
app.Logger.LogInformation("PopularPosts cache mode: {Topology} - {Description}", mode.Topology, mode.Description);

// Post pages read from replicas whose measured lag is under a second (else the master).
var postEntry = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromMinutes(5)).WithReadPreference(ReadPreference.PreferReplica, TimeSpan.FromSeconds(1));
var popularEntry = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromSeconds(30));

app.MapGet("/", (CacheMode m, PostStore store, PushNotifications notifications) => Results.Ok(new { sample = "PopularPosts", cache = m, databaseReads = store.Reads, deferredNotifications = notifications.Deferred }));

app.MapGet("/topology", (IRedisTopologyView topology) => Results.Ok(topology.Current));

app.MapGet("/posts/popular", async (IResilientCache cache, PostStore store, CancellationToken ct) =>
    await cache.GetOrSetAsync("posts:popular", store, static (s, token) => new ValueTask<IReadOnlyList<Post>>(s.GetPopularAsync(10, token)), popularEntry, ct));

app.MapGet("/posts/{id:long}", async (long id, IResilientCache cache, PostStore store, CancellationToken ct) =>
{
    var post = await cache.GetOrSetAsync($"post:{id}", (store, id), static (s, token) => new ValueTask<Post?>(s.store.GetAsync(s.id, token)), postEntry, ct);
    return post is null ? Results.NotFound() : Results.Ok(post);
});

app.MapPost("/posts", async (NewPost input, IResilientCache cache, PostStore store, PushNotifications notifications, TimeProvider time, CancellationToken ct) =>
{
    if (string.IsNullOrWhiteSpace(input.Title))
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["title"] = ["A post needs a title."] });
    }

    var post = await store.CreateAsync(input, time.GetUtcNow(), ct);
    var outcome = await notifications.PublishAsync(post, ct);
    await cache.RemoveAsync("posts:popular", cancellationToken: ct);
    return Results.Created($"/posts/{post.Id}", outcome);
});

app.MapPost("/posts/{id:long}/like", async (long id, IResilientCache cache, PostStore store, CancellationToken ct) =>
{
    if (!await store.LikeAsync(id, ct))
    {
        return Results.NotFound();
    }

    await cache.RemoveAsync($"post:{id}", cancellationToken: ct);
    await cache.RemoveAsync("posts:popular", cancellationToken: ct);
    return Results.NoContent();
});

app.MapHealthChecks("/health");

await app.RunAsync();

static async Task<CacheMode> ConfigureRedisAsync(WebApplicationBuilder builder, IResilientCacheBuilder cache)
{
    builder.Services.TryAddSingleton(TimeProvider.System);
    var explicitRedis = builder.Configuration["redis"];
    var topology = builder.Configuration["topology"] ?? (explicitRedis is null ? "replication" : "external");
    if (explicitRedis is not null)
    {
        builder.Services.Configure<ResilientCacheOptions>(o => o.Configuration = explicitRedis);
        return new CacheMode("external", "Redis given with --redis");
    }

    if (topology == "none")
    {
        cache.WithoutRedis();
        return new CacheMode("none", "memory only (--topology none): no Redis");
    }

    try
    {
        LocalRedis local = topology switch
        {
            "standalone" => new LocalRedis(await RedisHarness.StartStandaloneAsync()),
            "replication" => new LocalRedis(await RedisHarness.StartReplicationAsync(replicas: 2)),
            _ => throw new ArgumentException($"--topology {topology} is not supported yet; use none, standalone or replication, or --redis host:port."),
        };
        builder.Services.AddSingleton(local);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalRedis>());
        builder.Services.Configure<ResilientCacheOptions>(o => o.Configuration = local.ConnectionString);
        return new CacheMode(topology, $"local {local.Description} launched on {local.ConnectionString}; stopped when the app stops");
    }
    catch (RedisNotInstalledException)
    {
        cache.WithoutRedis();
        return new CacheMode("none", "redis-server is not installed, so the cache runs on MEMORY ONLY (apt-get install -y redis-server, or pass --redis host:port)");
    }
}

/// <summary>The sample's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
