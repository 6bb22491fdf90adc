using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ResilientCaching.Testing;

namespace ResilientCaching.Benchmarks;

/// <summary>
/// Our read routing on a local master + 1 replica: the same L2 read (L1 bypassed) sent to the master, or to a replica
/// chosen by <see cref="ReadPreference.PreferReplica"/> (eligibility check against the measured lag). Set-up asserts that
/// the replica reads really reach the replica (its <c>keyspace_hits</c> grow).
/// </summary>
[MemoryDiagnoser]
public class ReplicaRoutingBenchmarks
{
    private const string Key = "post:42";

    private static readonly ResilientCacheEntryOptions s_master =
        ResilientCacheEntryOptions.Default.WithDuration(Data.Duration).WithL1Duration(TimeSpan.FromTicks(1));

    private static readonly ResilientCacheEntryOptions s_replica = s_master.WithReadPreference(ReadPreference.PreferReplica);

    private RedisReplicationGroup _group = null!;
    private ServiceProvider _services = null!;
    private IResilientCache _ours = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _group = await RedisHarness.StartReplicationAsync(replicas: 1);
        (_services, _ours) = Peers.Ours(_group.ConnectionString);
        await Peers.WaitUntilWrittenAsync(_ours, Key, Data.Sample, s_master);
        await _group.WaitForReplicationAsync();

        var topology = _services.GetRequiredService<IRedisTopologyView>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var before = await KeyspaceHitsAsync(_group.Replicas[0]);
            for (var i = 0; i < 20; i++)
            {
                await Replica();
            }

            var after = await KeyspaceHitsAsync(_group.Replicas[0]);
            if (after - before >= 20)
            {
                Console.WriteLine($"// replica served {after - before} of 20 PreferReplica reads; lag {topology.Current.Replicas.FirstOrDefault()?.Lag}");
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"PreferReplica reads did not reach the replica ({after - before} of 20).");
            }

            await Task.Delay(250);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _group.DisposeAsync();
    }

    private static async Task<long> KeyspaceHitsAsync(RedisServerNode node)
    {
        var info = await node.GetInfoAsync("stats");
        var line = info.Split('\n').First(l => l.StartsWith("keyspace_hits:", StringComparison.Ordinal));
        return long.Parse(line.AsSpan("keyspace_hits:".Length).Trim(), CultureInfo.InvariantCulture);
    }

    [Benchmark(Baseline = true, Description = "Ours TryGetAsync, ReadPreference.Master")]
    public async Task<Payload?> Master()
    {
        var lookup = await _ours.TryGetAsync<Payload>(Key, s_master);
        return lookup.HasValue ? lookup.Value : null;
    }

    [Benchmark(Description = "Ours TryGetAsync, ReadPreference.PreferReplica")]
    public async Task<Payload?> Replica()
    {
        var lookup = await _ours.TryGetAsync<Payload>(Key, s_replica);
        return lookup.HasValue ? lookup.Value : null;
    }
}
