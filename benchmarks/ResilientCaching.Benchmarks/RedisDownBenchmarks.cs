using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using ResilientCaching.Testing;
using ZiggyCreatures.Caching.Fusion;

namespace ResilientCaching.Benchmarks;

/// <summary>
/// Redis unreachable: the peers connect to a redis-server that is then killed (<c>kill -9</c>), so its loopback port is
/// closed and every connection attempt is refused. Before measuring, L1-missing calls are made for
/// <see cref="RedisDown.WarmUp"/> so that our circuit (and FusionCache's distributed-cache circuit breaker) is open.
/// Our circuit's break is 2 s (the default), so about every 2 s one call probes Redis (half-open) and fails fast:
/// that probe is part of the measured mean, as in production. The naive RedisCache, which retries the connection
/// on every call, is measured once by <c>oneshot</c> (each call takes about a second or more).
/// </summary>
[MemoryDiagnoser]
public class RedisDownBenchmarks
{
    private const string WarmKey = "post:42";

    private static readonly ResilientCacheEntryOptions s_oursNoL1 =
        ResilientCacheEntryOptions.Default.WithDuration(Data.Duration).WithL1Duration(TimeSpan.FromTicks(1));

    private RedisServerNode _node = null!;
    private MemoryCache _memory = null!;
    private ServiceProvider _oursServices = null!;
    private IResilientCache _ours = null!;
    private RedisCache _fusionL2 = null!;
    private FusionCache _fusion = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _node = await RedisHarness.StartStandaloneAsync();
        _memory = new MemoryCache(new MemoryCacheOptions());
        _memory.Set(WarmKey, Data.Sample, Data.Duration);

        (_oursServices, _ours) = Peers.Ours(_node.ConnectionString);
        await Peers.WaitUntilWrittenAsync(_ours, WarmKey, Data.Sample);

        _fusionL2 = Peers.RedisCache(_node.ConnectionString, "fc:");
        _fusion = RedisDown.Fusion(_fusionL2);
        await _fusion.SetAsync(WarmKey, Data.Sample);

        await _node.KillAsync();
        await RedisDown.OpenCircuitsAsync(_ours, _fusion);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _memory.Dispose();
        await _oursServices.DisposeAsync();
        _fusion.Dispose();
        _fusionL2.Dispose();
        await _node.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "IMemoryCache.TryGetValue (L1 lookup)")]
    public Payload? MemoryCache_TryGetValue() => _memory.TryGetValue(WarmKey, out var value) ? (Payload?)value : null;

    [Benchmark(Description = "Ours GetOrSetAsync, L1 hit, Redis down")]
    public ValueTask<Payload> Ours_L1Hit() =>
        _ours.GetOrSetAsync(WarmKey, Data.Sample, static (sample, _) => new ValueTask<Payload>(sample));

    [Benchmark(Description = "Ours TryGetAsync, L1 miss, circuit open")]
    public ValueTask<CacheLookup<Payload>> Ours_TryGet_Miss() => _ours.TryGetAsync<Payload>("absent");

    [Benchmark(Description = "Ours GetOrSetAsync, L1 bypassed, circuit open, factory runs")]
    public ValueTask<Payload> Ours_GetOrSet_Miss() =>
        _ours.GetOrSetAsync("refilled", Data.Sample, static (sample, _) => new ValueTask<Payload>(sample), s_oursNoL1);

    [Benchmark(Description = "FusionCache TryGetAsync, L1 miss, breaker open")]
    public ValueTask<MaybeValue<Payload>> Fusion_TryGet_Miss() => _fusion.TryGetAsync<Payload>("absent");

    [Benchmark(Description = "FusionCache GetOrSetAsync, L1 hit, Redis down")]
    public ValueTask<Payload> Fusion_L1Hit() => _fusion.GetOrSetAsync<Payload>(WarmKey, static (_, _) => Task.FromResult(Data.Sample));
}

public static class RedisDown
{
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>
    /// FusionCache set up as its docs recommend for an unreliable L2: a distributed-cache circuit breaker and soft/hard
    /// timeouts like ours (100 ms). The breaker is held for 10 minutes so that the whole run measures it open (generous to it:
    /// ours re-probes Redis every 2 s).
    /// </summary>
    public static FusionCache Fusion(RedisCache l2) => Peers.Fusion(l2, o =>
    {
        o.DistributedCacheCircuitBreakerDuration = TimeSpan.FromMinutes(10);
        o.DefaultEntryOptions.DistributedCacheSoftTimeout = TimeSpan.FromMilliseconds(100);
        o.DefaultEntryOptions.DistributedCacheHardTimeout = TimeSpan.FromMilliseconds(100);
    });

    public static async Task OpenCircuitsAsync(IResilientCache ours, FusionCache fusion)
    {
        var until = DateTime.UtcNow + WarmUp;
        var i = 0;
        while (DateTime.UtcNow < until)
        {
            var key = "warmup:" + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ours.TryGetAsync<Payload>(key);
            await Task.Delay(5);
        }

        // FusionCache's breaker opens on a distributed-cache error, not on its own synthetic timeout: let one call wait for
        // RedisCache's real failure (SE.Redis gives up after about 5 s), then check that the breaker skips Redis.
        var noTimeouts = new FusionCacheEntryOptions { DistributedCacheSoftTimeout = Timeout.InfiniteTimeSpan, DistributedCacheHardTimeout = Timeout.InfiniteTimeSpan };
        await fusion.TryGetAsync<Payload>("warmup:fusion", noTimeouts);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await fusion.TryGetAsync<Payload>("warmup:fusion:2");
        Console.WriteLine($"// FusionCache TryGetAsync after warm-up: {watch.Elapsed.TotalMilliseconds:F3} ms");
    }
}
