using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace ResilientCaching.Benchmarks;

/// <summary>A warm key in process memory. No Redis: an L1 hit never touches it, in any of the peers.</summary>
[MemoryDiagnoser]
public class L1HitBenchmarks
{
    private const string Key = "post:42";

    private MemoryCache _memory = null!;
    private ServiceProvider _oursServices = null!;
    private IResilientCache _ours = null!;
    private FusionCache _fusion = null!;
    private ServiceProvider _hybridServices = null!;
    private HybridCache _hybrid = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _memory = new MemoryCache(new MemoryCacheOptions());
        _memory.Set(Key, Data.Sample, Data.Duration);

        (_oursServices, _ours) = Peers.Ours(configuration: null);
        await _ours.SetAsync(Key, Data.Sample);

        _fusion = Peers.Fusion();
        await _fusion.SetAsync(Key, Data.Sample);

        (_hybridServices, _hybrid) = Peers.Hybrid(redisConfiguration: null);
        await _hybrid.SetAsync(Key, Data.Sample);

        // Every peer must answer from memory with the very instance stored.
        if (!ReferenceEquals(await Ours(), Data.Sample) || !ReferenceEquals(await Fusion_GetOrSetAsync(), Data.Sample)
            || !ReferenceEquals(await Hybrid(), Data.Sample))
        {
            throw new InvalidOperationException("A peer did not answer the warm key from memory.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _memory.Dispose();
        await _oursServices.DisposeAsync();
        _fusion.Dispose();
        await _hybridServices.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "IMemoryCache.TryGetValue")]
    public Payload? MemoryCache_TryGetValue() => _memory.TryGetValue(Key, out var value) ? (Payload?)value : null;

    [Benchmark(Description = "Ours GetOrSetAsync (state, static factory)")]
    public ValueTask<Payload> Ours() =>
        _ours.GetOrSetAsync(Key, Data.Sample, static (sample, _) => new ValueTask<Payload>(sample));

    [Benchmark(Description = "FusionCache GetOrSet (sync)")]
    public Payload Fusion_GetOrSet() => _fusion.GetOrSet<Payload>(Key, static (_, _) => Data.Sample);

    [Benchmark(Description = "FusionCache GetOrSetAsync")]
    public ValueTask<Payload> Fusion_GetOrSetAsync() => _fusion.GetOrSetAsync<Payload>(Key, static (_, _) => Task.FromResult(Data.Sample));

    [Benchmark(Description = "HybridCache GetOrCreateAsync (state)")]
    public ValueTask<Payload> Hybrid() =>
        _hybrid.GetOrCreateAsync(Key, Data.Sample, static (sample, _) => new ValueTask<Payload>(sample));
}
