using System.Collections.Concurrent;
using ResilientCaching;

namespace PopularPosts;

/// <summary>
/// The seed's push-notification race, answered: a new post is written to the cache with <c>WAIT</c> for one replica;
/// the notification goes out only when a replica has the post (a reader tapping it will find it), otherwise it is
/// deferred ("send it a minute later").
/// </summary>
public sealed class PushNotifications(IResilientCache cache, TimeProvider time, ILogger<PushNotifications> logger)
{
    private static readonly ResilientCacheEntryOptions s_confirmed = ResilientCacheEntryOptions.Default
        .WithDuration(TimeSpan.FromMinutes(5))
        .WithDurability(WriteDurability.Replicas(1, TimeSpan.FromMilliseconds(500)));

    private readonly ConcurrentQueue<(long PostId, DateTimeOffset NotBefore)> _deferred = new();

    /// <summary>Gets the notifications waiting for a replica to catch up.</summary>
    public int Deferred => _deferred.Count;

    public async Task<PublishOutcome> PublishAsync(Post post, CancellationToken cancellationToken)
    {
        var write = await cache.SetAsync($"post:{post.Id}", (Post?)post, s_confirmed, cancellationToken);
        if (write.ReplicasAcknowledged >= 1)
        {
            logger.LogInformation("Post {PostId} is on {Replicas} replica(s): notification sent", post.Id, write.ReplicasAcknowledged);
            return new PublishOutcome(post, "sent", write.ReplicasAcknowledged, write.Status.ToString(), write.ConsistencyToken?.ToString());
        }

        _deferred.Enqueue((post.Id, time.GetUtcNow().AddMinutes(1)));
        logger.LogInformation("Post {PostId} not confirmed on a replica: notification deferred by a minute", post.Id);
        return new PublishOutcome(post, "deferred", write.ReplicasAcknowledged, write.Status.ToString(), write.ConsistencyToken?.ToString());
    }
}
