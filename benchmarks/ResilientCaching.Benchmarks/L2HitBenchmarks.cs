using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using ResilientCaching.Testing;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace ResilientCaching.Benchmarks;

/// <summary>
/// A value in Redis, not in process memory: one loopback round trip plus deserialization per call.
/// </summary>
/// <remarks>
/// How each peer's memory level is bypassed, all documented options of the peers themselves:
/// ours — <c>L1Duration</c> of one tick: the value read from Redis is put in memory already expired, so every call reads
/// Redis again (the memory write after each read is part of the measured cost, as it is in production);
/// FusionCache — <c>SkipMemoryCacheRead</c>; HybridCache — <c>HybridCacheEntryFlags.DisableLocalCacheRead</c>.
/// Each peer keeps its own key in the same redis-server, in its own format (our envelope, RedisCache's hash, FusionCache's
/// metadata wrapper), so each reads what it wrote.
/// </remarks>
[MemoryDiagnoser]
public class L2HitBenchmarks
{
    private const string Key = "post:42";

    private static readonly ResilientCacheEntryOptions s_oursL2 =
        ResilientCacheEntryOptions.Default.WithDuration(Data.Duration).WithL1Duration(TimeSpan.FromTicks(1));

    private static readonly FusionCacheEntryOptions s_fusionL2 = new() { Duration = Data.Duration, SkipMemoryCacheRead = true };

    private static readonly HybridCacheEntryOptions s_hybridL2 = new()
    {
        Expiration = Data.Duration,
        LocalCacheExpiration = Data.Duration,
        Flags = HybridCacheEntryFlags.DisableLocalCacheRead,
    };

    private RedisServerNode _node = null!;
    private ConnectionMultiplexer _raw = null!;
    private IDatabase _db = null!;
    private ServiceProvider _oursServices = null!;
    private IResilientCache _ours = null!;
    private RedisCache _redisCache = null!;
    private RedisCache _fusionL2 = null!;
    private FusionCache _fusion = null!;
    private ServiceProvider _hybridServices = null!;
    private HybridCache _hybrid = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _node = await RedisHarness.StartStandaloneAsync();
        var configuration = _node.ConnectionString;

        _raw = await ConnectionMultiplexer.ConnectAsync(configuration);
        _db = _raw.GetDatabase();
        await _db.StringSetAsync("raw:" + Key, Data.Serialize(Data.Sample));

        (_oursServices, _ours) = Peers.Ours(configuration);
        await Peers.WaitUntilWrittenAsync(_ours, Key, Data.Sample, s_oursL2);

        _redisCache = Peers.RedisCache(configuration, "dc:");
        await _redisCache.SetAsync(Key, Data.Serialize(Data.Sample), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Data.Duration });

        _fusionL2 = Peers.RedisCache(configuration, "fc:");
        _fusion = Peers.Fusion(_fusionL2);
        await _fusion.SetAsync(Key, Data.Sample);

        (_hybridServices, _hybrid) = Peers.Hybrid(configuration);
        await _hybrid.SetAsync(Key, Data.Sample);

        // Every peer must find the value in Redis (not run its factory).
        if ((await Ours()).Id != 42 || (await Ours_TryGetAsync())?.Id != 42 || (await Raw()).Id != 42
            || (await RedisCache_GetAsync())?.Id != 42 || (await Fusion()).Id != 42 || (await Hybrid()).Id != 42)
        {
            throw new InvalidOperationException("A peer did not read the value from Redis.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _oursServices.DisposeAsync();
        _fusion.Dispose();
        _fusionL2.Dispose();
        _redisCache.Dispose();
        await _hybridServices.DisposeAsync();
        await _raw.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "SE.Redis StringGetAsync + STJ deserialize")]
    public async Task<Payload> Raw()
    {
        var value = await _db.StringGetAsync("raw:" + Key);
        return Data.Deserialize(((ReadOnlyMemory<byte>)value).Span);
    }

    [Benchmark(Description = "Ours GetOrSetAsync (L1 bypassed)")]
    public async Task<Payload> Ours() =>
        await _ours.GetOrSetAsync<Payload, Payload>(Key, Data.Sample, static (_, _) => throw new InvalidOperationException("factory must not run"), s_oursL2);

    [Benchmark(Description = "Ours TryGetAsync (L1 bypassed)")]
    public async Task<Payload?> Ours_TryGetAsync()
    {
        var lookup = await _ours.TryGetAsync<Payload>(Key, s_oursL2);
        return lookup.HasValue ? lookup.Value : null;
    }

    [Benchmark(Description = "RedisCache.GetAsync + STJ deserialize")]
    public async Task<Payload?> RedisCache_GetAsync()
    {
        var bytes = await _redisCache.GetAsync(Key);
        return bytes is null ? null : Data.Deserialize(bytes);
    }

    [Benchmark(Description = "FusionCache GetOrSetAsync (Redis L2, SkipMemoryCacheRead)")]
    public async Task<Payload> Fusion() =>
        await _fusion.GetOrSetAsync<Payload>(Key, static (_, _) => throw new InvalidOperationException("factory must not run"), options: s_fusionL2);

    [Benchmark(Description = "HybridCache GetOrCreateAsync (Redis L2, DisableLocalCacheRead)")]
    public async Task<Payload> Hybrid() =>
        await _hybrid.GetOrCreateAsync<Payload, Payload>(Key, Data.Sample, static (_, _) => throw new InvalidOperationException("factory must not run"), s_hybridL2);
}
