using Microsoft.Extensions.Logging;

namespace ResilientCaching.Diagnostics;

/// <summary>Every log line the core writes, with stable event ids. Never log a connection string: it may carry a password.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "RedisConnecting", Level = LogLevel.Information, Message = "Connecting to Redis at {EndPoints}")]
    public static partial void RedisConnecting(ILogger logger, string endPoints);

    [LoggerMessage(EventId = 2, EventName = "RedisConnectFailed", Level = LogLevel.Warning, Message = "Could not create the Redis connection to {EndPoints}; retrying in {RetryDelay}. The cache serves from memory and the factory meanwhile")]
    public static partial void RedisConnectFailed(ILogger logger, string endPoints, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "RedisConnectionFailed", Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} ({ConnectionType}) failed: {FailureType}")]
    public static partial void RedisConnectionFailed(ILogger logger, string endPoint, string connectionType, string failureType);

    [LoggerMessage(EventId = 4, EventName = "RedisConnectionRestored", Level = LogLevel.Information, Message = "Redis connection to {EndPoint} ({ConnectionType}) restored")]
    public static partial void RedisConnectionRestored(ILogger logger, string endPoint, string connectionType);

    [LoggerMessage(EventId = 5, EventName = "RedisCircuitOpened", Level = LogLevel.Warning, Message = "Redis circuit opened for {BreakDuration} after {FailureReason}; calls skip Redis until a probe succeeds")]
    public static partial void RedisCircuitOpened(ILogger logger, TimeSpan breakDuration, string failureReason);

    [LoggerMessage(EventId = 6, EventName = "RedisCircuitClosed", Level = LogLevel.Information, Message = "Redis circuit closed; Redis is used again")]
    public static partial void RedisCircuitClosed(ILogger logger);

    [LoggerMessage(EventId = 7, EventName = "RedisCircuitHalfOpened", Level = LogLevel.Debug, Message = "Redis circuit half-open; probing Redis")]
    public static partial void RedisCircuitHalfOpened(ILogger logger);

    [LoggerMessage(EventId = 8, EventName = "RedisOperationFailed", Level = LogLevel.Debug, Message = "Redis {Operation} failed ({FailureReason}); falling back")]
    public static partial void RedisOperationFailed(ILogger logger, string operation, string failureReason, Exception? exception);

    [LoggerMessage(EventId = 9, EventName = "CorruptPayload", Level = LogLevel.Warning, Message = "Redis entry for key '{Key}' is corrupt ({Reason}); deleting it and refilling from the source")]
    public static partial void CorruptPayload(ILogger logger, string key, string reason, Exception? exception);

    [LoggerMessage(EventId = 10, EventName = "ValueTooLarge", Level = LogLevel.Warning, Message = "Value for key '{Key}' is {Size} bytes, over MaxValueBytes ({MaxValueBytes}); kept in memory only")]
    public static partial void ValueTooLarge(ILogger logger, string key, int size, int maxValueBytes);

    [LoggerMessage(EventId = 11, EventName = "FactoryFailedServingStale", Level = LogLevel.Warning, Message = "Factory for key '{Key}' failed; serving the stale value (fail-safe)")]
    public static partial void FactoryFailedServingStale(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 12, EventName = "FactoryTimedOutServingStale", Level = LogLevel.Warning, Message = "Factory for key '{Key}' exceeded its {TimeoutKind} timeout of {Timeout}; serving the stale value (fail-safe)")]
    public static partial void FactoryTimedOutServingStale(ILogger logger, string key, string timeoutKind, TimeSpan timeout);

    [LoggerMessage(EventId = 13, EventName = "BackgroundFactoryFailed", Level = LogLevel.Warning, Message = "Factory for key '{Key}', left to complete in the background after its soft timeout, failed")]
    public static partial void BackgroundFactoryFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 15, EventName = "SerializationFailed", Level = LogLevel.Warning, Message = "Value for key '{Key}' could not be serialized; kept in memory only")]
    public static partial void SerializationFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 16, EventName = "InvalidationReceived", Level = LogLevel.Debug, Message = "Invalidation received for key '{Key}'")]
    public static partial void InvalidationReceived(ILogger logger, string key);

    [LoggerMessage(EventId = 17, EventName = "InvalidationSubscribeFailed", Level = LogLevel.Warning, Message = "Could not subscribe to invalidation messages; retrying when the connection is restored")]
    public static partial void InvalidationSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 18, EventName = "MemoryExpiredAfterReconnect", Level = LogLevel.Information, Message = "Invalidation messages may have been missed while the subscription was down; every memory entry is now stale and will be re-read")]
    public static partial void MemoryExpiredAfterReconnect(ILogger logger);

    [LoggerMessage(EventId = 19, EventName = "InvalidationQueued", Level = LogLevel.Warning, Message = "Redis {Operation} for key '{Key}' did not complete ({FailureReason}); queued to be deleted in Redis once it answers")]
    public static partial void InvalidationQueued(ILogger logger, string operation, string key, string failureReason);

    [LoggerMessage(EventId = 20, EventName = "InvalidationDropped", Level = LogLevel.Error, Message = "Invalidation queue full ({Capacity}); dropped the oldest pending invalidation, for key '{Key}', which may stay stale in Redis until it expires")]
    public static partial void InvalidationDropped(ILogger logger, string key, int capacity);

    [LoggerMessage(EventId = 21, EventName = "InvalidationsReplayed", Level = LogLevel.Information, Message = "Replayed {Count} pending invalidations in Redis; {Remaining} still pending")]
    public static partial void InvalidationsReplayed(ILogger logger, int count, int remaining);

    [LoggerMessage(EventId = 30, EventName = "TopologyPollFailed", Level = LogLevel.Warning, Message = "Topology poll failed")]
    public static partial void TopologyPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 31, EventName = "NodeUnreachable", Level = LogLevel.Warning, Message = "Redis node {EndPoint} ({Role}) stopped answering")]
    public static partial void NodeUnreachable(ILogger logger, string endPoint, string role);

    [LoggerMessage(EventId = 32, EventName = "NodeReachable", Level = LogLevel.Information, Message = "Redis node {EndPoint} ({Role}) answers again")]
    public static partial void NodeReachable(ILogger logger, string endPoint, string role);

    [LoggerMessage(EventId = 33, EventName = "NodeRoleChanged", Level = LogLevel.Warning, Message = "Redis node {EndPoint} changed role from {PreviousRole} to {Role}")]
    public static partial void NodeRoleChanged(ILogger logger, string endPoint, string previousRole, string role);

    [LoggerMessage(EventId = 34, EventName = "MasterLinkDown", Level = LogLevel.Warning, Message = "Replica {EndPoint} lost its link to the master; it no longer serves reads")]
    public static partial void MasterLinkDown(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 35, EventName = "MasterLinkUp", Level = LogLevel.Information, Message = "Replica {EndPoint} has its link to the master again")]
    public static partial void MasterLinkUp(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 36, EventName = "ReplicaReadFellBack", Level = LogLevel.Debug, Message = "Read not served by a replica ({Reason}); {Fallback}")]
    public static partial void ReplicaReadFellBack(ILogger logger, string reason, string fallback);

    [LoggerMessage(EventId = 37, EventName = "StaleReplicaRead", Level = LogLevel.Warning, Message = "Master unreachable: key '{Key}' served by replica {EndPoint} regardless of lag (stale)")]
    public static partial void StaleReplicaRead(ILogger logger, string key, string endPoint);

    [LoggerMessage(EventId = 40, EventName = "FailoverDetected", Level = LogLevel.Warning, Message = "Failover: master {PreviousMaster} -> {NewMaster} (detected by {DetectedBy}, writes unavailable for {WritesUnavailableFor}); writes and queued invalidations now go to the new master")]
    public static partial void FailoverDetected(ILogger logger, string? previousMaster, string newMaster, string detectedBy, TimeSpan? writesUnavailableFor);

    [LoggerMessage(EventId = 41, EventName = "WritesResumed", Level = LogLevel.Warning, Message = "Redis writes resumed after {Unavailable} without them")]
    public static partial void WritesResumed(ILogger logger, TimeSpan unavailable);

    [LoggerMessage(EventId = 42, EventName = "SentinelSwitchAnnounced", Level = LogLevel.Information, Message = "Sentinel announced +switch-master: {Message}")]
    public static partial void SentinelSwitchAnnounced(ILogger logger, string message);

    [LoggerMessage(EventId = 43, EventName = "SentinelNoMajority", Level = LogLevel.Warning, Message = "No majority of Sentinels names a master for '{ServiceName}' ({Answers} of {Sentinels} answered)")]
    public static partial void SentinelNoMajority(ILogger logger, string serviceName, int answers, int sentinels);

    [LoggerMessage(EventId = 44, EventName = "SentinelMasterNotVerified", Level = LogLevel.Warning, Message = "The Sentinels name {Master} as master but it does not report the master role yet; not switching")]
    public static partial void SentinelMasterNotVerified(ILogger logger, string master);

    [LoggerMessage(EventId = 45, EventName = "SentinelRefreshFailed", Level = LogLevel.Warning, Message = "Asking the Sentinels failed")]
    public static partial void SentinelRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 46, EventName = "SentinelSubscribeFailed", Level = LogLevel.Warning, Message = "Could not subscribe to +switch-master; failovers are found by polling the Sentinels")]
    public static partial void SentinelSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 47, EventName = "TopologySwitched", Level = LogLevel.Information, Message = "Data connection now points at master {Master} and {Replicas} replica(s)")]
    public static partial void TopologySwitched(ILogger logger, string master, int replicas);

    [LoggerMessage(EventId = 48, EventName = "FailoverHandlerFailed", Level = LogLevel.Error, Message = "A FailoverDetected handler threw; the cache followed the failover regardless")]
    public static partial void FailoverHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 49, EventName = "MasterLostRecentWritesQueued", Level = LogLevel.Information, Message = "Lost the connection to master {Master}; {Keys} key(s) written in the last seconds are not read from Redis until deleted on the master that follows")]
    public static partial void MasterLostRecentWritesQueued(ILogger logger, string master, int keys);
}
