using System.Text;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Storage;

/// <summary>Whatever garbage sits in Redis under our key is a miss: deleted, logged, refilled, never thrown.</summary>
public sealed class CorruptPayloadTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    public static TheoryData<string, byte[]> Payloads()
    {
        var valid = ValidEnvelope("{\"id\":1,\"title\":\"t\",\"likes\":0}");
        var wrongVersion = (byte[])valid.Clone();
        wrongVersion[2] = 99;
        return new TheoryData<string, byte[]>
        {
            { "foreign", Encoding.UTF8.GetBytes("hello from another app") },
            { "empty", [] },
            { "truncated", valid[..(valid.Length - 5)] },
            { "wrong-version", wrongVersion },
            { "not-json", ValidEnvelope("<<definitely not json>>") },
            { "wrong-shape", ValidEnvelope("[1,2,3]") },
        };
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Corrupt_payload_is_a_miss_that_is_deleted_logged_and_refilled(string name, byte[] payload)
    {
        var key = "corrupt:" + name;
        await redis.Node.ExecuteAsync(Encoding.UTF8.GetBytes("SET"), Encoding.UTF8.GetBytes("test:" + key), payload);
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var factory = new CountingFactory<Post>(_ => new Post(1, "refilled", 0));

        var value = await cache.Cache.GetOrSetAsync(key, factory.InvokeAsync);

        Assert.Equal("refilled", value.Title);
        Assert.Equal(1, factory.Calls);
        Assert.Contains(cache.Logs.GetSnapshot(), r => r.Id.Name == "CorruptPayload" && r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        await Eventually.TrueAsync(
            async () => (await redis.Node.ExecuteAsync("GET", "test:" + key)).Bytes.Span.StartsWith("RC"u8),
            TimeSpan.FromSeconds(5),
            "the refilled envelope never replaced the corrupt payload");
    }

    [Fact]
    public async Task TryGet_on_a_corrupt_payload_finds_nothing_and_deletes_the_key()
    {
        await redis.Node.ExecuteAsync("SET", "test:corrupt:tryget", "garbage");
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();

        var lookup = await cache.Cache.TryGetAsync<Post>("corrupt:tryget");

        Assert.False(lookup.HasValue);
        await Eventually.TrueAsync(
            async () => (await redis.Node.ExecuteAsync("EXISTS", "test:corrupt:tryget")).AsInt64() == 0,
            TimeSpan.FromSeconds(5),
            "the corrupt key was never deleted");
    }

    [Fact]
    public async Task A_key_of_another_Redis_type_is_a_miss_not_an_exception()
    {
        await redis.Node.ExecuteAsync("DEL", "test:corrupt:list");
        await redis.Node.ExecuteAsync("RPUSH", "test:corrupt:list", "a", "b");
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();

        var value = await cache.Cache.GetOrSetAsync("corrupt:list", _ => new ValueTask<string>("fine"));

        Assert.Equal("fine", value);
    }

    private static byte[] ValidEnvelope(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        var envelope = new byte[32 + payload.Length];
        envelope[0] = (byte)'R';
        envelope[1] = (byte)'C';
        envelope[2] = 1;
        var now = DateTimeOffset.Now.ToUnixTimeMilliseconds();
        BitConverter.TryWriteBytes(envelope.AsSpan(4), now);
        BitConverter.TryWriteBytes(envelope.AsSpan(12), now + 600_000);
        BitConverter.TryWriteBytes(envelope.AsSpan(20), now + 3_600_000);
        BitConverter.TryWriteBytes(envelope.AsSpan(28), payload.Length);
        payload.CopyTo(envelope, 32);
        return envelope;
    }
}
