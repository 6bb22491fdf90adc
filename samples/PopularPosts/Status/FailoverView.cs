namespace PopularPosts.Status;

/// <summary>A failover the cache followed.</summary>
/// <param name="PreviousMaster">The master before.</param>
/// <param name="NewMaster">The master after.</param>
/// <param name="DetectedAt">When the cache switched.</param>
/// <param name="DetectedBy">switch-master, poll or readonly.</param>
/// <param name="WritesUnavailableMilliseconds">How long writes were unavailable, when a write failed.</param>
public sealed record FailoverView(string? PreviousMaster, string NewMaster, DateTimeOffset DetectedAt, string DetectedBy, double? WritesUnavailableMilliseconds);
