using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResilientCaching.AspNetCore;
using ResilientCaching.Testing;

namespace ResilientCaching.Benchmarks;

/// <summary>
/// One GET of a JSON post through an in-process ASP.NET Core app (<c>Microsoft.AspNetCore.TestHost</c>'s
/// <c>TestServer</c>, so no sockets: routing, middleware, output caching and the body copy are what is measured), three
/// ways, each its own app built once in set-up: no cache (baseline); our <c>[ResilientCache]</c> endpoint caching, whose
/// output-cache store is our resilient cache (memory + Redis); stock <c>[OutputCache]</c> over the stock Redis
/// output-cache store (<c>AddStackExchangeRedisOutputCache</c>). One invocation = one GET through the client of
/// <c>TestServer.CreateClient()</c>, body read. The Op/s column is requests per second (1 / mean), one caller.
/// </summary>
/// <remarks>
/// <para>
/// The handler's work for an uncached request is deterministic CPU work: it serializes <see cref="Data.Sample"/> to JSON
/// (System.Text.Json, ~400 bytes) and counts itself. A <c>Task.Delay(1)</c> was rejected: on Linux it sleeps ~1 ms
/// or more, set by the timer rather than by work, so the baseline would measure the timer and its jitter, and the
/// requests/s of the uncached app would say nothing about CPU. Serializing the post is the least any real endpoint of
/// this kind does, so the baseline is the cheapest realistic uncached request: a cached variant is faster than it only
/// if serving from its cache costs less than building the response. Any real work (a database query) adds to the
/// baseline and to the first request of each cached variant only. Set-up prints what the handler work costs alone
/// (<c>// HANDLER WORK</c>).
/// </para>
/// <para>
/// Each cached variant runs as its library documents, so they do not reach Redis the same way on a hit: ours keeps the
/// response in process memory as well (its L1), so a hit is served without a Redis round trip; the stock Redis store
/// has no memory level, so every hit is a Redis GET on loopback. Set-up asserts that each cached app runs its handler
/// once (a counter that does not grow after the first request), that the uncached app runs it every time, that all
/// three answer the same bytes, and that the cached response is stored in Redis (by key prefix).
/// </para>
/// </remarks>
[MemoryDiagnoser]
[OperationsPerSecond]
public class EndpointBenchmarks
{
    /// <summary>An hour: cached responses never expire during a run.</summary>
    private const int CacheSeconds = 3600;

    private const string OursPrefix = "ep:";
    private const string StockInstance = "soc:";
    private static readonly Uri s_path = new("/posts/42", UriKind.Relative);

    private RedisServerNode _node = null!;
    private WebApplication _plainApp = null!;
    private WebApplication _oursApp = null!;
    private WebApplication _stockApp = null!;
    private HttpClient _plain = null!;
    private HttpClient _ours = null!;
    private HttpClient _stock = null!;
    private int _plainCalls;
    private int _oursCalls;
    private int _stockCalls;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _node = await RedisHarness.StartStandaloneAsync();
        var redis = _node.ConnectionString;

        // (a) No cache.
        var plain = NewBuilder();
        _plainApp = plain.Build();
        _plainApp.MapGet(s_path.OriginalString, () => Handle(ref _plainCalls));

        // (b) Ours: output caching stored in the resilient cache, [ResilientCache] on the endpoint.
        var ours = NewBuilder();
        ours.Services.AddResilientRedisCache(o =>
        {
            o.Configuration = redis;
            o.KeyPrefix = OursPrefix;
        });
        ours.Services.AddResilientOutputCache();
        _oursApp = ours.Build();
        _oursApp.UseOutputCache();
        _oursApp.UseResilientCacheFailSafe();
        _oursApp.MapGet(s_path.OriginalString, [ResilientCache(Duration = CacheSeconds)] () => Handle(ref _oursCalls));

        // (c) Stock: [OutputCache] over the stock Redis output-cache store.
        var stock = NewBuilder();
        stock.Services.AddOutputCache();
        stock.Services.AddStackExchangeRedisOutputCache(o =>
        {
            o.Configuration = redis;
            o.InstanceName = StockInstance;
        });
        _stockApp = stock.Build();
        _stockApp.UseOutputCache();
        _stockApp.MapGet(s_path.OriginalString, [OutputCache(Duration = CacheSeconds)] () => Handle(ref _stockCalls));

        await _plainApp.StartAsync();
        await _oursApp.StartAsync();
        await _stockApp.StartAsync();
        _plain = _plainApp.GetTestServer().CreateClient();
        _ours = _oursApp.GetTestServer().CreateClient();
        _stock = _stockApp.GetTestServer().CreateClient();

        // Ours connects to Redis in the background: wait until it writes there, so the first response is stored in Redis too.
        await Peers.WaitUntilWrittenAsync(_oursApp.Services.GetRequiredService<IResilientCache>(), "warm", Data.Sample);

        await VerifyAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Console.WriteLine($"// HANDLER RUNS: no cache={_plainCalls} ours={_oursCalls} stock={_stockCalls}");
        _plain.Dispose();
        _ours.Dispose();
        _stock.Dispose();
        await _plainApp.DisposeAsync();
        await _oursApp.DisposeAsync();
        await _stockApp.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "No cache (handler serializes the post)")]
    public Task<int> NoCache() => GetAsync(_plain);

    [Benchmark(Description = "Ours [ResilientCache] (store: resilient cache, memory + Redis)")]
    public Task<int> Ours() => GetAsync(_ours);

    [Benchmark(Description = "Stock [OutputCache] + AddStackExchangeRedisOutputCache")]
    public Task<int> Stock() => GetAsync(_stock);

    private static async Task<int> GetAsync(HttpClient client) => (await client.GetByteArrayAsync(s_path)).Length;

    /// <summary>The endpoint: serializes the post (the uncached request's work) and counts the run.</summary>
    private static IResult Handle(ref int calls)
    {
        Interlocked.Increment(ref calls);
        return Results.Bytes(Data.Serialize(Data.Sample), "application/json; charset=utf-8");
    }

    private static WebApplicationBuilder NewBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        return builder;
    }

    private async Task VerifyAsync()
    {
        var expected = Data.Serialize(Data.Sample);
        const int Requests = 5;
        foreach (var (name, client) in new[] { ("no cache", _plain), ("ours", _ours), ("stock", _stock) })
        {
            for (var i = 0; i < Requests; i++)
            {
                var body = await client.GetByteArrayAsync(s_path);
                if (!body.AsSpan().SequenceEqual(expected))
                {
                    throw new InvalidOperationException($"{name}: request {i + 1} did not answer the post's JSON.");
                }
            }
        }

        if (_plainCalls != Requests || _oursCalls != 1 || _stockCalls != 1)
        {
            throw new InvalidOperationException(
                $"After {Requests} requests each, the handlers ran: no cache {_plainCalls} (expected {Requests}), ours {_oursCalls}, stock {_stockCalls} (expected 1: served from the cache).");
        }

        var oursKey = await WaitForRedisKeyAsync(OursPrefix + "oc:*", "ours");
        var stockKey = await WaitForRedisKeyAsync(StockInstance + "*", "stock");
        Console.WriteLine($"// ENDPOINT CHECK: {Requests} requests each; handler runs no cache={_plainCalls} ours={_oursCalls} stock={_stockCalls}; " +
            $"ours stored in Redis as '{oursKey}' ({_oursApp.Services.GetRequiredService<IOutputCacheStore>().GetType().Name}), " +
            $"stock as '{stockKey}' ({_stockApp.Services.GetRequiredService<IOutputCacheStore>().GetType().Name})");

        // What the uncached request's own work costs, for reading the table (after half a second of warm-up, so the
        // serializer runs optimized code as it does in the measured iterations).
        const int Runs = 20_000;
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 500)
        {
            _ = Data.Serialize(Data.Sample);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            _ = Data.Serialize(Data.Sample);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// HANDLER WORK: serializing the post alone takes {watch.Elapsed.TotalMicroseconds / Runs:F2} µs ({expected.Length} bytes)"));
    }

    private async Task<string> WaitForRedisKeyAsync(string pattern, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var keys = (await _node.ExecuteAsync("KEYS", pattern)).Elements;
            if (keys.Count > 0)
            {
                return keys[0].AsString() ?? string.Empty;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{name}: the cached response is not in Redis (no key matches {pattern}).");
            }

            await Task.Delay(10);
        }
    }
}
