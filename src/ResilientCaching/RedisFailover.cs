namespace ResilientCaching;

/// <summary>A detected change of master (a Sentinel failover).</summary>
/// <param name="PreviousMaster">The master before (<c>host:port</c>), if one was known.</param>
/// <param name="NewMaster">The master now.</param>
/// <param name="DetectedAt">When the cache switched to the new master.</param>
/// <param name="DetectedBy">What revealed it: <c>switch-master</c> (the Sentinel event), <c>poll</c> (asking the Sentinels on the monitor interval) or <c>readonly</c> (a write refused by a demoted master).</param>
public sealed record RedisFailover(string? PreviousMaster, string NewMaster, DateTimeOffset DetectedAt, string DetectedBy)
{
    /// <summary>
    /// Gets how long writes were unavailable: from the first write that failed to the switch to the new master (writes
    /// resume with the switch); <see langword="null"/> when no write failed.
    /// </summary>
    public TimeSpan? WritesUnavailableFor { get; init; }
}
