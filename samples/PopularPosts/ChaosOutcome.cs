namespace PopularPosts;

/// <summary>The answer of a <c>/chaos/*</c> action: its HTTP status (200, 404 not applicable, 409 conflicting state) and what happened.</summary>
/// <param name="StatusCode">200 done, 404 not applicable to this topology, 409 not possible in the current state.</param>
/// <param name="Action">The action, e.g. <c>master/kill</c>.</param>
/// <param name="Message">What happened or why not, for people.</param>
/// <param name="Node">The node acted on (<c>host:port</c>), if any.</param>
public sealed record ChaosOutcome(int StatusCode, string Action, string Message, string? Node);
