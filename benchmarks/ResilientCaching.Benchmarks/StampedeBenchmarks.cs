using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using ResilientCaching.Testing;
using ZiggyCreatures.Caching.Fusion;

namespace ResilientCaching.Benchmarks;

/// <summary>
/// 1,000 concurrent callers ask for one cold key (in neither memory nor Redis); the factory stands for a database query
/// of <see cref="Stampede.FactoryDelay"/>. One invocation = one stampede on a fresh key. Every peer has Redis as L2.
/// The factory calls per stampede are counted and printed at the end of each case (and by <c>oneshot</c>).
/// </summary>
[MemoryDiagnoser]
public class StampedeBenchmarks
{
    private RedisServerNode _node = null!;
    private RedisPeers _peers = null!;
    private long _key;
    private readonly ConcurrentBag<int> _factoryCalls = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _node = await RedisHarness.StartStandaloneAsync();
        _peers = await RedisPeers.CreateAsync(_node.ConnectionString);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        var calls = _factoryCalls.ToArray();
        if (calls.Length > 0)
        {
            Console.WriteLine($"// FACTORY CALLS per stampede of {Stampede.Callers} callers: stampedes={calls.Length} min={calls.Min()} avg={calls.Average():F1} max={calls.Max()}");
        }

        await _peers.DisposeAsync();
        await _node.DisposeAsync();
    }

    private string NextKey() => "stampede:" + Interlocked.Increment(ref _key).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Benchmark(Baseline = true, Description = "Naive cache-aside over IDistributedCache (RedisCache)")]
    public async Task Naive() => _factoryCalls.Add(await Stampede.RunAsync(NextKey(), _peers.Naive, Stampede.NaiveAsync));

    [Benchmark(Description = "Ours GetOrSetAsync")]
    public async Task Ours() => _factoryCalls.Add(await Stampede.RunAsync(NextKey(), _peers.Ours, Stampede.OursAsync));

    [Benchmark(Description = "FusionCache GetOrSetAsync (Redis L2)")]
    public async Task Fusion() => _factoryCalls.Add(await Stampede.RunAsync(NextKey(), _peers.Fusion, Stampede.FusionAsync));

    [Benchmark(Description = "HybridCache GetOrCreateAsync (Redis L2)")]
    public async Task Hybrid() => _factoryCalls.Add(await Stampede.RunAsync(NextKey(), _peers.Hybrid, Stampede.HybridAsync));
}

public static class Stampede
{
    public const int Callers = 1000;

    public static readonly TimeSpan FactoryDelay = TimeSpan.FromMilliseconds(5);

    private static readonly DistributedCacheEntryOptions s_naiveEntry = new() { AbsoluteExpirationRelativeToNow = Data.Duration };

    private static int s_factoryCalls;

    /// <summary>Starts <see cref="Callers"/> callers at once on <paramref name="key"/>, awaits them all, returns the factory calls made.</summary>
    public static async Task<int> RunAsync<TCache>(string key, TCache cache, Func<TCache, string, Task<Payload>> caller)
    {
        Volatile.Write(ref s_factoryCalls, 0);
        var tasks = new Task<Payload>[Callers];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = caller(cache, key);
        }

        foreach (var result in await Task.WhenAll(tasks))
        {
            if (result.Id != Data.Sample.Id)
            {
                throw new InvalidOperationException("wrong value");
            }
        }

        return Volatile.Read(ref s_factoryCalls);
    }

    /// <summary>The source of truth: a 5 ms query.</summary>
    public static async Task<Payload> LoadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref s_factoryCalls);
        await Task.Delay(FactoryDelay, cancellationToken);
        return Data.Sample;
    }

    /// <summary>What most apps write: GET, on a miss query and SET; no coordination between callers.</summary>
    public static async Task<Payload> NaiveAsync(IDistributedCache cache, string key)
    {
        var bytes = await cache.GetAsync(key);
        if (bytes is not null)
        {
            return Data.Deserialize(bytes);
        }

        var value = await LoadAsync(CancellationToken.None);
        await cache.SetAsync(key, Data.Serialize(value), s_naiveEntry);
        return value;
    }

    public static async Task<Payload> OursAsync(IResilientCache cache, string key) =>
        await cache.GetOrSetAsync(key, static ct => new ValueTask<Payload>(LoadAsync(ct)));

    public static async Task<Payload> FusionAsync(FusionCache cache, string key) =>
        await cache.GetOrSetAsync<Payload>(key, static (_, ct) => LoadAsync(ct));

    public static async Task<Payload> HybridAsync(HybridCache cache, string key) =>
        await cache.GetOrCreateAsync(key, static ct => new ValueTask<Payload>(LoadAsync(ct)));
}
