using ResilientCaching.Caching;

namespace ResilientCaching;

/// <summary>
/// When to stop calling Redis after failures, and when to try again. While the circuit is open every call skips
/// Redis at once (memory, stale values and the factory answer) instead of waiting for a timeout.
/// </summary>
public sealed class ResilientCacheCircuitBreakerOptions
{
    /// <summary>Gets or sets the share of failed Redis calls within <see cref="SamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = ResilientCacheDefaults.CircuitFailureRatio;

    /// <summary>Gets or sets how many Redis calls must be seen within <see cref="SamplingDuration"/> before the circuit may open. Default 4.</summary>
    public int MinimumThroughput { get; set; } = ResilientCacheDefaults.CircuitMinimumThroughput;

    /// <summary>Gets or sets the window over which failures are counted. Default 2 seconds; at least 500 ms.</summary>
    public TimeSpan SamplingDuration { get; set; } = ResilientCacheDefaults.CircuitSamplingDuration;

    /// <summary>Gets or sets how long the circuit stays open before one probe call is let through. Default 2 seconds; at least 500 ms.</summary>
    public TimeSpan BreakDuration { get; set; } = ResilientCacheDefaults.CircuitBreakDuration;
}
