namespace PopularPosts;

/// <summary>A post, as stored in the source of truth and cached.</summary>
public sealed record Post(long Id, string Title, string Body, int Likes, DateTimeOffset PublishedAt);
