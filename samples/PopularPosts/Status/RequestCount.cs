namespace PopularPosts.Status;

/// <summary>Requests for one <c>cache.result</c> / <c>cache.level</c> pair.</summary>
/// <param name="Result">hit, miss or stale.</param>
/// <param name="Level">l1, l2 or none.</param>
/// <param name="Count">How many since start-up.</param>
public sealed record RequestCount(string Result, string Level, long Count);
