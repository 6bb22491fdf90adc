using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Caching;

/// <summary>Two app instances on one Redis keep their memory levels coherent through pub/sub.</summary>
public sealed class InvalidationTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    [Fact]
    public async Task Remove_on_one_instance_drops_the_other_instances_memory_copy_within_a_second()
    {
        await using var a = TestCache.Create(redis.Node.ConnectionString);
        await using var b = TestCache.Create(redis.Node.ConnectionString);
        await a.WaitForRedisAsync();
        await b.WaitForRedisAsync();
        await a.Cache.SetAsync("post:shared", new Post(1, "v1", 0));
        Assert.Equal(CacheLevel.Redis, (await b.Cache.TryGetAsync<Post>("post:shared")).Level);

        // The message of A's own write may still be on its way and drop B's first copy: B settles on a memory copy.
        await Eventually.TrueAsync(
            async () => (await b.Cache.TryGetAsync<Post>("post:shared")).Level == CacheLevel.Memory,
            TimeSpan.FromSeconds(1),
            "the other instance never kept a memory copy");

        await a.Cache.RemoveAsync("post:shared");

        await Eventually.TrueAsync(
            () => !b.Cache.Memory.TryGetFresh<Post>("post:shared", out _),
            TimeSpan.FromSeconds(1),
            "the other instance kept its memory copy after a remove");
        Assert.False((await b.Cache.TryGetAsync<Post>("post:shared")).HasValue);
    }

    [Fact]
    public async Task Set_on_one_instance_makes_the_other_read_the_new_value()
    {
        await using var a = TestCache.Create(redis.Node.ConnectionString);
        await using var b = TestCache.Create(redis.Node.ConnectionString);
        await a.WaitForRedisAsync();
        await b.WaitForRedisAsync();
        await a.Cache.SetAsync("post:updated", new Post(2, "v1", 0));
        Assert.Equal("v1", (await b.Cache.GetOrSetAsync("post:updated", _ => new ValueTask<Post>(new Post(2, "factory", 0)))).Title);

        await a.Cache.SetAsync("post:updated", new Post(2, "v2", 0));

        await Eventually.TrueAsync(
            async () => (await b.Cache.GetOrSetAsync("post:updated", _ => new ValueTask<Post>(new Post(2, "factory", 0)))).Title == "v2",
            TimeSpan.FromSeconds(1),
            "the other instance kept serving the old value");
    }

    [Fact]
    public async Task An_instance_ignores_its_own_messages()
    {
        await using var a = TestCache.Create(redis.Node.ConnectionString);
        await a.WaitForRedisAsync();

        await a.Cache.SetAsync("post:own", new Post(3, "mine", 0));
        await Task.Delay(200);

        Assert.Equal(CacheLevel.Memory, (await a.Cache.TryGetAsync<Post>("post:own")).Level);
    }
}
