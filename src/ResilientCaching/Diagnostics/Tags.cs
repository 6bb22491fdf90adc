namespace ResilientCaching.Diagnostics;

/// <summary>Attribute names, following the OpenTelemetry database conventions where they exist. Never the cache key.</summary>
internal static class Tags
{
    public const string DbSystemName = "db.system.name";
    public const string DbSystemValue = "redis";
    public const string DbOperationName = "db.operation.name";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";
    public const string CacheResult = "cache.result";
    public const string CacheLevel = "cache.level";
    public const string FallbackReason = "fallback.reason";
    public const string FactoryOutcome = "factory.outcome";
    public const string InvalidationState = "invalidation.state";
    public const string Topology = "resilientcaching.topology";
    public const string Service = "resilientcaching.service";
    public const string Circuit = "resilientcaching.circuit";
    public const string PreviousMaster = "resilientcaching.failover.previous_master";
    public const string NewMaster = "resilientcaching.failover.new_master";
    public const string DetectedBy = "resilientcaching.failover.detected_by";
}
