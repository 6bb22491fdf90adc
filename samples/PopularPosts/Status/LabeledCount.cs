namespace PopularPosts.Status;

/// <summary>A count for one attribute value (a fallback reason, an invalidation state).</summary>
/// <param name="Label">The attribute value.</param>
/// <param name="Count">How many since start-up.</param>
public sealed record LabeledCount(string Label, long Count);
