namespace PopularPosts;

/// <summary>What <c>POST /posts</c> answers: the post, whether the notification went out, and the read-your-writes token.</summary>
public sealed record PublishOutcome(Post Post, string Notification, int ReplicasAcknowledged, string Cache, string? ConsistencyToken);
