namespace ResilientCaching.Tests.Infrastructure;

/// <summary>A value type shaped like the seed's posts.</summary>
public sealed record Post(int Id, string Title, int Likes);
