namespace ResilientCaching;

/// <summary>How far a write reached.</summary>
public enum CacheWriteStatus
{
    /// <summary>Redis acknowledged the write (or the removal).</summary>
    Written = 0,

    /// <summary>Sent to Redis without waiting for an acknowledgement (<see cref="WriteDurability.FireAndForget"/>).</summary>
    Sent = 2,

    /// <summary>Only this process's memory level has the change: Redis was unreachable, timed out, its circuit was open, or the value was too large.</summary>
    MemoryOnly = 1,
}
