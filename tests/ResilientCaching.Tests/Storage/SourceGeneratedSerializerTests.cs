using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Storage;

/// <summary>The default serializer works with a source-generated JsonSerializerContext (the trimming/AOT path), through Redis.</summary>
public sealed partial class SourceGeneratedSerializerTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    [Fact]
    public async Task Values_round_trip_through_Redis_with_a_source_generated_context()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = PostContext.Default };
        await using var writer = await CreateAsync(options);
        await using var reader = await CreateAsync(options);

        await Eventually.TrueAsync(
            async () => (await writer.GetRequiredService<IResilientCache>().SetAsync("post:sg", new Post(5, "generated", 3))).IsWrittenToRedis,
            TimeSpan.FromSeconds(10),
            "the write never reached Redis");
        var lookup = await reader.GetRequiredService<IResilientCache>().TryGetAsync<Post>("post:sg");

        Assert.Equal(CacheLevel.Redis, lookup.Level);
        Assert.Equal(new Post(5, "generated", 3), lookup.Value);
        Assert.Contains("\"Title\":\"generated\"", (await redis.Node.ExecuteAsync("GET", "sg:post:sg")).AsString(), StringComparison.Ordinal);
    }

    private async Task<ServiceProvider> CreateAsync(JsonSerializerOptions json)
    {
        var services = new ServiceCollection();
        services.AddResilientRedisCache(o =>
        {
            o.Configuration = redis.Node.ConnectionString;
            o.KeyPrefix = "sg:";
        }).WithSerializer(new SystemTextJsonCacheSerializer(json));
        var provider = services.BuildServiceProvider();
        await RedisReady.WaitAsync(provider.GetRequiredService<IResilientCache>());
        return provider;
    }

    [JsonSerializable(typeof(Post))]
    private sealed partial class PostContext : JsonSerializerContext;
}
