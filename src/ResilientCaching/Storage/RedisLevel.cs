using ResilientCaching.Resilience;
using ResilientCaching.Topology;
using StackExchange.Redis;

namespace ResilientCaching.Storage;

/// <summary>L2: the Redis commands the cache sends, each guarded by <see cref="RedisResilience"/>.</summary>
internal sealed class RedisLevel(RedisConnection connection, RedisResilience resilience, string keyPrefix)
{
    public RedisResilience Resilience => resilience;

    public ValueTask<RedisCallResult<Lease<byte>?>> GetAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!connection.TryGetMultiplexer(out var multiplexer))
        {
            return new(RedisCallResult<Lease<byte>?>.Failed(RedisFailure.NotConnected));
        }

        return resilience.ExecuteAsync(
            static s => s.Database.StringGetLeaseAsync(s.Key),
            (Database: multiplexer.GetDatabase(), Key: ToRedisKey(key)),
            timeout,
            cancellationToken);
    }

    public ValueTask<RedisCallResult<bool>> SetAsync(string key, byte[] envelope, TimeSpan timeToLive, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!connection.TryGetMultiplexer(out var multiplexer))
        {
            return new(RedisCallResult<bool>.Failed(RedisFailure.NotConnected));
        }

        return resilience.ExecuteAsync(
            static s => s.Database.StringSetAsync(s.Key, s.Envelope, s.TimeToLive),
            (Database: multiplexer.GetDatabase(), Key: ToRedisKey(key), Envelope: envelope, TimeToLive: timeToLive),
            timeout,
            cancellationToken);
    }

    public ValueTask<RedisCallResult<bool>> DeleteAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!connection.TryGetMultiplexer(out var multiplexer))
        {
            return new(RedisCallResult<bool>.Failed(RedisFailure.NotConnected));
        }

        return resilience.ExecuteAsync(
            static s => s.Database.KeyDeleteAsync(s.Key),
            (Database: multiplexer.GetDatabase(), Key: ToRedisKey(key)),
            timeout,
            cancellationToken);
    }

    private RedisKey ToRedisKey(string key) => keyPrefix.Length == 0 ? key : string.Concat(keyPrefix, key);
}
