using Microsoft.Extensions.DependencyInjection.Extensions;
using PopularPosts;
using ResilientCaching;
using ResilientCaching.Testing;

// The seed's story: posts in SQLite (the source of truth), read through a resilient cache over Redis.
//   dotnet run --project samples/PopularPosts                        launches a local redis-server when installed
//   dotnet run --project samples/PopularPosts -- --topology none     memory only
//   dotnet run --project samples/PopularPosts -- --redis host:port   an existing Redis
var builder = WebApplication.CreateBuilder(args);
var cacheBuilder = builder.Services.AddResilientRedisCache(builder.Configuration.GetSection("ResilientCache"));
var mode = await ConfigureRedisAsync(builder, cacheBuilder);
builder.Services.AddSingleton(mode);
builder.Services.AddSingleton<PostStore>();
builder.Services.AddHealthChecks().AddResilientRedisCache();

var app = builder.Build();
app.Logger.LogInformation("PopularPosts cache mode: {Topology} - {Description}", mode.Topology, mode.Description);

var postEntry = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromMinutes(5));
var popularEntry = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromSeconds(30));

app.MapGet("/", (CacheMode m, PostStore store) => Results.Ok(new { sample = "PopularPosts", cache = m, databaseReads = store.Reads }));

app.MapGet("/posts/popular", async (IResilientCache cache, PostStore store, CancellationToken ct) =>
    await cache.GetOrSetAsync("posts:popular", store, static (s, token) => new ValueTask<IReadOnlyList<Post>>(s.GetPopularAsync(10, token)), popularEntry, ct));

app.MapGet("/posts/{id:long}", async (long id, IResilientCache cache, PostStore store, CancellationToken ct) =>
{
    var post = await cache.GetOrSetAsync($"post:{id}", (store, id), static (s, token) => new ValueTask<Post?>(s.store.GetAsync(s.id, token)), postEntry, ct);
    return post is null ? Results.NotFound() : Results.Ok(post);
});

app.MapPost("/posts", async (NewPost input, IResilientCache cache, PostStore store, TimeProvider time, CancellationToken ct) =>
{
    if (string.IsNullOrWhiteSpace(input.Title))
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["title"] = ["A post needs a title."] });
    }

    var post = await store.CreateAsync(input, time.GetUtcNow(), ct);
    var write = await cache.SetAsync($"post:{post.Id}", (Post?)post, postEntry, ct);
    await cache.RemoveAsync("posts:popular", cancellationToken: ct);
    return Results.Created($"/posts/{post.Id}", new { post, cache = write.Status.ToString() });
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
    var topology = builder.Configuration["topology"] ?? (explicitRedis is null ? "standalone" : "external");
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

    if (topology != "standalone")
    {
        throw new ArgumentException($"--topology {topology} is not supported yet; use none or standalone, or --redis host:port.");
    }

    try
    {
        var node = await RedisHarness.StartStandaloneAsync();
        builder.Services.AddSingleton(new LocalRedis(node));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalRedis>());
        builder.Services.Configure<ResilientCacheOptions>(o => o.Configuration = node.ConnectionString);
        return new CacheMode("standalone", $"local redis-server launched on {node.EndPoint}; stopped when the app stops");
    }
    catch (RedisNotInstalledException)
    {
        cache.WithoutRedis();
        return new CacheMode("none", "redis-server is not installed, so the cache runs on MEMORY ONLY (apt-get install -y redis-server, or pass --redis host:port)");
    }
}

/// <summary>The sample's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
