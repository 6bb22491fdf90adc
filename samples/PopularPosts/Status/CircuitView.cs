namespace PopularPosts.Status;

/// <summary>One circuit breaker.</summary>
/// <param name="Circuit">primary, confirmed or replica.</param>
/// <param name="Server">The replica it guards, for replica circuits.</param>
/// <param name="State">0 closed, 1 half-open, 2 open, 3 isolated.</param>
/// <param name="StateName">The state's name.</param>
public sealed record CircuitView(string Circuit, string? Server, int State, string StateName);
