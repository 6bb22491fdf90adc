namespace ResilientCaching.Resilience;

/// <summary>Why a Redis call did not give an answer. The names double as the <c>reason</c> values in logs and telemetry.</summary>
internal enum RedisFailure
{
    None = 0,

    /// <summary>No connection exists yet (still connecting at start-up).</summary>
    NotConnected,

    /// <summary>The circuit is open: Redis was skipped without a call.</summary>
    CircuitOpen,

    /// <summary>The call exceeded its operation timeout.</summary>
    Timeout,

    /// <summary>The connection was refused, lost or not yet re-established.</summary>
    ConnectionFailed,

    /// <summary>Redis answered with an error (LOADING, READONLY, MASTERDOWN, ...).</summary>
    ServerError,
}
