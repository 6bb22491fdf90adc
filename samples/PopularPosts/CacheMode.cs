namespace PopularPosts;

/// <summary>How the sample reaches Redis, for the start-up message and <c>/</c>.</summary>
public sealed record CacheMode(string Topology, string Description);
