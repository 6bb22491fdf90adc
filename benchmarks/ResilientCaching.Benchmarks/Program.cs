using BenchmarkDotNet.Configs;
using System.Diagnostics;
using BenchmarkDotNet.Running;
using ResilientCaching.Benchmarks;
using ResilientCaching.Testing;

// `oneshot`: what BenchmarkDotNet cannot show — factory calls per stampede, and the naive RedisCache with Redis down
// (about a second or more per call). Anything else goes to BenchmarkDotNet.
if (args is ["oneshot", ..])
{
    await OneShot.RunAsync();
    return;
}

// Results go to benchmarks/BenchmarkDotNet.Artifacts wherever the command is run from (unless --artifacts says otherwise).
var benchmarksDirectory = new DirectoryInfo(AppContext.BaseDirectory);
while (benchmarksDirectory is not null && !File.Exists(Path.Combine(benchmarksDirectory.FullName, "ResilientCaching.Benchmarks", "ResilientCaching.Benchmarks.csproj")))
{
    benchmarksDirectory = benchmarksDirectory.Parent;
}

IConfig config = DefaultConfig.Instance;
if (benchmarksDirectory is not null)
{
    config = config.WithArtifactsPath(Path.Combine(benchmarksDirectory.FullName, "BenchmarkDotNet.Artifacts"));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

internal static class OneShot
{
    public static async Task RunAsync()
    {
        Console.WriteLine($"| Stampede ({Stampede.Callers} callers, cold key, {Stampede.FactoryDelay.TotalMilliseconds} ms factory) | run | wall time (ms) | factory calls |");
        Console.WriteLine("|---|---|---:|---:|");
        await using (var node = await RedisHarness.StartStandaloneAsync())
        {
            await using var peers = await RedisPeers.CreateAsync(node.ConnectionString);
            var key = 0;
            async Task Row<TCache>(string name, TCache cache, Func<TCache, string, Task<Payload>> caller)
            {
                await Stampede.RunAsync("oneshot-warm:" + key++, cache, caller);   // JIT, connections
                for (var run = 1; run <= 3; run++)
                {
                    var watch = Stopwatch.StartNew();
                    var calls = await Stampede.RunAsync("oneshot:" + key++, cache, caller);
                    Console.WriteLine($"| {name} | {run} | {watch.Elapsed.TotalMilliseconds:F1} | {calls} |");
                }
            }

            await Row("Naive cache-aside over RedisCache", peers.Naive, Stampede.NaiveAsync);
            await Row("Ours GetOrSetAsync", peers.Ours, Stampede.OursAsync);
            await Row("FusionCache GetOrSetAsync (Redis L2)", peers.Fusion, Stampede.FusionAsync);
            await Row("HybridCache GetOrCreateAsync (Redis L2)", peers.Hybrid, Stampede.HybridAsync);
        }

        Console.WriteLine();
        Console.WriteLine("| Redis down (killed, port closed): naive RedisCache.GetAsync | call | time (ms) | outcome |");
        Console.WriteLine("|---|---|---:|---|");
        await using (var node = await RedisHarness.StartStandaloneAsync())
        {
            using var naive = Peers.RedisCache(node.ConnectionString, "nv:");
            await naive.SetAsync("post:42", Data.Serialize(Data.Sample), new Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions());
            await node.KillAsync();
            for (var call = 1; call <= 3; call++)
            {
                var watch = Stopwatch.StartNew();
                string outcome;
                try
                {
                    outcome = await naive.GetAsync("post:42") is null ? "null" : "value";
                }
                catch (Exception ex)
                {
                    outcome = ex.GetType().Name;
                }

                Console.WriteLine($"| RedisCache.GetAsync | {call} | {watch.Elapsed.TotalMilliseconds:F1} | {outcome} |");
            }
        }
    }
}
