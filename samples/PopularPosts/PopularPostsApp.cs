using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PopularPosts.Status;
using PopularPosts.Telemetry;
using ResilientCaching;
using ResilientCaching.AspNetCore;
using ResilientCaching.Testing;

namespace PopularPosts;

/// <summary>
/// The sample app: posts in SQLite (the source of truth) read through the resilient cache over a Redis topology it
/// launches (or one given with <c>--redis</c>), with OpenTelemetry, a status page and chaos endpoints.
/// </summary>
public static class PopularPostsApp
{
    private const string PopularTag = "popular-posts";

    /// <summary>
    /// Builds the app from command-line arguments (<c>--topology</c>, <c>--redis</c>, <c>--urls</c>, any configuration key),
    /// launching the local Redis topology first.
    /// </summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The app, not started; its local Redis stops when it stops or is disposed.</returns>
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var cache = builder.Services.AddResilientRedisCache(builder.Configuration.GetSection("ResilientCache"));
        var (mode, local) = await ConfigureRedisAsync(builder, cache);
        try
        {
            builder.Services.AddSingleton(mode);
            builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
            builder.Services.AddSingleton<PostStore>();
            builder.Services.AddSingleton<PushNotifications>();
            builder.Services.AddHealthChecks().AddResilientRedisCache();
            builder.Services.AddResilientOutputCache();
            var otlp = builder.AddSampleTelemetry();

            var app = builder.Build();

            // Listen to the cache's meter before the first request, so the status page counts every call.
            app.Services.GetRequiredService<LiveCacheMetrics>();
            Describe(app, mode, otlp);
            app.UseDefaultFiles();
            app.UseStaticFiles();

            // A user who just posted sees the post on the next page, even from a lagging replica (token in a cookie).
            app.UseResilientCacheReadYourWrites();
            app.UseOutputCache();
            app.UseResilientCacheFailSafe();
            app.MapStatusEndpoints();
            app.MapPostEndpoints();
            app.MapChaosEndpoints();
            app.MapGet("/topology", (IRedisTopologyView topology) => Results.Ok(topology.Current));
            app.MapHealthChecks("/health");
            app.MapPrometheusScrapingEndpoint();
            return app;
        }
        catch (Exception ex) when (ex is not HostAbortedException)
        {
            // HostAbortedException is WebApplicationFactory taking the built host over: the processes are its now.
            if (local is not null)
            {
                await local.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Maps the post endpoints.</summary>
    /// <param name="app">The endpoint builder.</param>
    /// <returns>The endpoint builder.</returns>
    public static IEndpointRouteBuilder MapPostEndpoints(this IEndpointRouteBuilder app)
    {
        // Post pages read from replicas whose measured lag is under a second (else the master).
        var postEntry = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromMinutes(5)).WithReadPreference(ReadPreference.PreferReplica, TimeSpan.FromSeconds(1));

        // The popular-posts list is cached by attribute: the whole response, in memory and Redis, evicted by tag.
        app.MapGet("/posts/popular", [ResilientCache(Duration = 30, Tags = [PopularTag])] async (PostStore store, CancellationToken ct) =>
            await store.GetPopularAsync(10, ct));

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
            await cache.RemoveByTagAsync(PopularTag, ct);
            return Results.Created($"/posts/{post.Id}", outcome);
        });

        app.MapPost("/posts/{id:long}/like", async (long id, IResilientCache cache, PostStore store, CancellationToken ct) =>
        {
            if (!await store.LikeAsync(id, ct))
            {
                return Results.NotFound();
            }

            await cache.RemoveAsync($"post:{id}", cancellationToken: ct);
            await cache.RemoveByTagAsync(PopularTag, ct);
            return Results.NoContent();
        });
        return app;
    }

    private static async Task<(CacheMode Mode, LocalRedis? Local)> ConfigureRedisAsync(WebApplicationBuilder builder, IResilientCacheBuilder cache)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        var explicitRedis = builder.Configuration["redis"];
        if (explicitRedis is not null)
        {
            builder.Services.Configure<ResilientCacheOptions>(o => o.Configuration = explicitRedis);
            return (new CacheMode(SampleTopology.External, "Redis given with --redis (not launched by the sample: no chaos endpoints)"), null);
        }

        var topology = (builder.Configuration["topology"] ?? SampleTopology.Default).Trim().ToLowerInvariant();
        if (!SampleTopology.All.Contains(topology))
        {
            throw new ArgumentException($"--topology {topology} is not supported; use one of {string.Join(", ", SampleTopology.All)}, or --redis host:port.");
        }

        if (topology == SampleTopology.None)
        {
            cache.WithoutRedis();
            return (new CacheMode(SampleTopology.None, "memory only (--topology none): no Redis"), null);
        }

        try
        {
            var local = await LocalRedis.StartAsync(topology);
            // A factory registration, so the container disposes it (kills the processes) even if the host never stopped.
            builder.Services.AddSingleton(_ => local);
            builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalRedis>());
            builder.Services.Configure<ResilientCacheOptions>(local.Configure);
            return (new CacheMode(topology, $"local {local.Description} launched on {local.ConnectionString}; stopped when the app stops"), local);
        }
        catch (RedisNotInstalledException)
        {
            cache.WithoutRedis();
            return (new CacheMode(
                SampleTopology.None,
                $"redis-server is not installed, so the cache runs on MEMORY ONLY instead of the {topology} topology (apt-get install -y redis-server redis-sentinel, or pass --redis host:port)"), null);
        }
    }

    private static void Describe(WebApplication app, CacheMode mode, string? otlp)
    {
        if (mode.Topology == SampleTopology.None && mode.Description.Contains("MEMORY ONLY", StringComparison.Ordinal))
        {
            app.Logger.LogWarning("PopularPosts cache mode: {Topology} - {Description}", mode.Topology, mode.Description);
        }
        else
        {
            app.Logger.LogInformation("PopularPosts cache mode: {Topology} - {Description}", mode.Topology, mode.Description);
        }

        app.Logger.LogInformation(
            "Telemetry: Prometheus scraping at /metrics; OTLP export {Otlp}",
            otlp is null ? $"off (set {SampleTelemetry.OtlpEndpointVariable} to turn it on)" : $"to {otlp}");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                app.Logger.LogInformation("Status page {Url}/ (JSON: /api/status, metrics: /metrics, chaos: POST /chaos/...)", url.TrimEnd('/'));
            }
        });
    }
}
