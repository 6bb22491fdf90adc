using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResilientCaching.AspNetCore.Tests.OutputCaching;

/// <summary>A real web app (TestServer) with cached endpoints of every kind, over a real Redis.</summary>
public sealed class EndpointApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EndpointApp(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public HandlerCounter Counter => _app.Services.GetRequiredService<HandlerCounter>();

    public IServiceProvider Services => _app.Services;

    public static async Task<EndpointApp> StartAsync(string redis)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddResilientRedisCache(o =>
        {
            o.Configuration = redis;
            o.KeyPrefix = "web:";
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500);
        });
        builder.Services.AddResilientOutputCache(o => o.Profiles["short"] = new ResilientCacheProfile { Duration = 30, Tags = ["profiled"] });
        builder.Services.AddSingleton<HandlerCounter>();
        builder.Services.AddControllers().AddApplicationPart(typeof(EndpointApp).Assembly);

        var app = builder.Build();
        app.UseResilientCacheReadYourWrites();
        app.UseOutputCache();
        app.UseResilientCacheFailSafe();
        app.MapGet("/minimal", [ResilientCache(Duration = 60, VaryByQueryKeys = ["page"], Tags = ["posts"])] (HandlerCounter counter, int? page) => $"minimal {counter.Next("minimal")} page {page}");
        app.MapGet("/profiled", [ResilientCache(Profile = "short")] (HandlerCounter counter) => $"profiled {counter.Next("profiled")}");
        app.MapGet("/stock", [OutputCache(Duration = 60, Tags = ["posts"])] (HandlerCounter counter) => $"stock {counter.Next("stock")}");
        app.MapGet("/flaky", [ResilientCache(Duration = 1)] (HandlerCounter counter) =>
            counter.Failing ? throw new InvalidOperationException("database down") : $"flaky {counter.Next("flaky")}");
        app.MapGet("/flaky500", [ResilientCache(Duration = 1)] (HandlerCounter counter) =>
            counter.Failing ? Results.StatusCode(503) : Results.Text($"flaky500 {counter.Next("flaky500")}"));
        app.MapGet("/uncached", (HandlerCounter counter) => $"uncached {counter.Next("uncached")}");
        app.MapGet("/cookie", [ResilientCache] (HandlerCounter counter, HttpResponse response) =>
        {
            response.Cookies.Append("session", "s");
            return $"cookie {counter.Next("cookie")}";
        });
        app.MapGet("/personal", [ResilientCache(CacheAuthenticatedRequests = true)] (HandlerCounter counter, HttpRequest request) => $"personal {request.Headers.Authorization} {counter.Next("personal")}");
        app.MapGet("/nostore", [ResilientCache(NoStore = true)] (HandlerCounter counter) => $"nostore {counter.Next("nostore")}");
        app.MapGroup("/group").CacheResponse(new ResilientCacheAttribute { Duration = 60, Tags = ["group"] }).MapGet("/a", (HandlerCounter counter) => $"group {counter.Next("group")}");
        app.MapPost("/evict/{tag}", async (string tag, IOutputCacheStore store, CancellationToken ct) =>
        {
            await store.EvictByTagAsync(tag, ct);
            return Results.NoContent();
        });
        app.MapControllers();
        await app.StartAsync();

        var cache = app.Services.GetRequiredService<IResilientCache>();
        for (var i = 0; i < 200 && !(await cache.SetAsync("__probe", 1)).IsWrittenToRedis; i++)
        {
            await Task.Delay(50);
        }

        return new EndpointApp(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
