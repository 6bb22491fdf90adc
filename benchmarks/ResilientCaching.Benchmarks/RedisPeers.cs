using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace ResilientCaching.Benchmarks;

/// <summary>
/// Every peer over one redis-server, each with its own key prefix and format, warmed (connected, one write done):
/// the naive cache-aside over <see cref="RedisCache"/>, ours, FusionCache and HybridCache with Redis as L2.
/// </summary>
public sealed class RedisPeers : IAsyncDisposable
{
    private RedisPeers(RedisCache naive, ServiceProvider oursServices, IResilientCache ours, RedisCache fusionL2, FusionCache fusion, ServiceProvider hybridServices, HybridCache hybrid)
    {
        Naive = naive;
        OursServices = oursServices;
        Ours = ours;
        FusionL2 = fusionL2;
        Fusion = fusion;
        HybridServices = hybridServices;
        Hybrid = hybrid;
    }

    public RedisCache Naive { get; }

    public ServiceProvider OursServices { get; }

    public IResilientCache Ours { get; }

    public RedisCache FusionL2 { get; }

    public FusionCache Fusion { get; }

    public ServiceProvider HybridServices { get; }

    public HybridCache Hybrid { get; }

    public static async Task<RedisPeers> CreateAsync(string configuration)
    {
        var naive = Peers.RedisCache(configuration, "nv:");
        await naive.SetAsync("warm", [1]);
        var (oursServices, ours) = Peers.Ours(configuration);
        await Peers.WaitUntilWrittenAsync(ours, "warm", Data.Sample);
        var fusionL2 = Peers.RedisCache(configuration, "fc:");
        var fusion = Peers.Fusion(fusionL2);
        await fusion.SetAsync("warm", Data.Sample);
        var (hybridServices, hybrid) = Peers.Hybrid(configuration);
        await hybrid.SetAsync("warm", Data.Sample);
        return new RedisPeers(naive, oursServices, ours, fusionL2, fusion, hybridServices, hybrid);
    }

    public async ValueTask DisposeAsync()
    {
        Naive.Dispose();
        await OursServices.DisposeAsync();
        Fusion.Dispose();
        FusionL2.Dispose();
        await HybridServices.DisposeAsync();
    }
}
