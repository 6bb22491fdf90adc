using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using ResilientCaching.Testing;
using ZiggyCreatures.Caching.Fusion;

namespace ResilientCaching.Benchmarks;

/// <summary>
/// Miss + factory + write-back: one caller asks for a cold key (a fresh key every invocation, in neither memory nor
/// Redis); the factory returns <see cref="Data.Sample"/> already completed (no delay), so what is measured is each
/// library's own miss path: the Redis read that misses, the factory call, the memory write and the Redis write.
/// Every peer has Redis as L2, in the same redis-server, each with its own key prefix and format.
/// </summary>
/// <remarks>
/// <para>
/// When the Redis write completes is each peer's own default, and it differs: the naive baseline and FusionCache
/// (<c>AllowBackgroundDistributedCacheOperations</c> off by default) await the Redis SET before returning; ours
/// (<c>Store</c> → <c>WriteInBackground</c>) and HybridCache (its <c>StampedeState</c> releases the callers, then
/// writes L2) return after the memory write and send the SET in the background. The background SET still runs in
/// the benchmark process and on the same multiplexed connection, so its CPU time and allocations are counted, and the
/// next invocation's GET queues behind it; but one Redis round trip is not on the caller's path. The extra row
/// "Ours TryGetAsync + SetAsync" awaits our Redis write, for a like-for-like comparison with the awaiting peers.
/// </para>
/// <para>
/// Keys are never reused, so process memory and Redis grow by one entry per invocation (tens of thousands in a short
/// run); every peer pays that alike. Every factory call is counted: the cleanup prints invocations against factory
/// calls (<c>// MISS CHECK</c>), which must be equal — each invocation was a real miss.
/// </para>
/// </remarks>
[MemoryDiagnoser]
public class MissBenchmarks
{
    private static readonly DistributedCacheEntryOptions s_naiveEntry = new() { AbsoluteExpirationRelativeToNow = Data.Duration };

    private static readonly Task<Payload> s_sampleTask = Task.FromResult(Data.Sample);

    private static long s_factoryCalls;

    private RedisServerNode _node = null!;
    private RedisPeers _peers = null!;
    private long _key;
    private long _invocations;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _node = await RedisHarness.StartStandaloneAsync();
        _peers = await RedisPeers.CreateAsync(_node.ConnectionString);

        // Every peer must run its factory on a cold key and put the value in Redis (ours and HybridCache in the
        // background: wait for it).
        await VerifyMissAsync("naive", Naive);
        await VerifyMissAsync("ours", Ours);
        await VerifyMissAsync("ours-set", Ours_TryGetAsync_SetAsync);
        await VerifyMissAsync("fusion", Fusion);
        await VerifyMissAsync("hybrid", Hybrid);
        Interlocked.Exchange(ref s_factoryCalls, 0);
        Interlocked.Exchange(ref _invocations, 0);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        var invocations = Interlocked.Read(ref _invocations);
        var calls = Interlocked.Read(ref s_factoryCalls);
        Console.WriteLine($"// MISS CHECK: invocations={invocations} factory calls={calls}{(invocations == calls ? string.Empty : "  <-- NOT EVERY INVOCATION WAS A MISS")}");

        await _peers.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Naive cache-aside over RedisCache (GET, miss, serialize + SET)")]
    public async Task<Payload> Naive()
    {
        var key = NextKey();
        var bytes = await _peers.Naive.GetAsync(key);
        if (bytes is not null)
        {
            return Data.Deserialize(bytes);
        }

        var value = await Load();
        await _peers.Naive.SetAsync(key, Data.Serialize(value), s_naiveEntry);
        return value;
    }

    [Benchmark(Description = "Ours GetOrSetAsync")]
    public async Task<Payload> Ours() =>
        await _peers.Ours.GetOrSetAsync(NextKey(), static _ => new ValueTask<Payload>(Load()));

    [Benchmark(Description = "Ours TryGetAsync + SetAsync (Redis write awaited)")]
    public async Task<Payload> Ours_TryGetAsync_SetAsync()
    {
        var key = NextKey();
        var lookup = await _peers.Ours.TryGetAsync<Payload>(key);
        if (lookup.HasValue)
        {
            return lookup.Value!;
        }

        var value = await Load();
        await _peers.Ours.SetAsync(key, value);
        return value;
    }

    [Benchmark(Description = "FusionCache GetOrSetAsync (Redis L2)")]
    public async Task<Payload> Fusion() =>
        await _peers.Fusion.GetOrSetAsync<Payload>(NextKey(), static (_, _) => Load());

    [Benchmark(Description = "HybridCache GetOrCreateAsync (Redis L2)")]
    public async Task<Payload> Hybrid() =>
        await _peers.Hybrid.GetOrCreateAsync(NextKey(), static _ => new ValueTask<Payload>(Load()));

    /// <summary>The source of truth: already completed, no allocation; counted.</summary>
    private static Task<Payload> Load()
    {
        Interlocked.Increment(ref s_factoryCalls);
        return s_sampleTask;
    }

    private string NextKey()
    {
        Interlocked.Increment(ref _invocations);
        return "miss:" + Interlocked.Increment(ref _key).ToString(CultureInfo.InvariantCulture);
    }

    private async Task VerifyMissAsync(string peer, Func<Task<Payload>> call)
    {
        var before = Interlocked.Read(ref s_factoryCalls);
        var key = _key + 1;
        if ((await call()).Id != Data.Sample.Id || Interlocked.Read(ref s_factoryCalls) != before + 1)
        {
            throw new InvalidOperationException($"{peer}: a cold key did not run the factory exactly once.");
        }

        var pattern = "*miss:" + key.ToString(CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((await _node.ExecuteAsync("KEYS", pattern)).Elements.Count == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{peer}: the value of a miss never reached Redis (no key matches {pattern}).");
            }

            await Task.Delay(10);
        }

        var stored = (await _node.ExecuteAsync("KEYS", pattern)).Elements[0].AsString();
        Console.WriteLine($"// MISS CHECK: {peer} ran its factory once and wrote Redis key '{stored}'");
    }
}
