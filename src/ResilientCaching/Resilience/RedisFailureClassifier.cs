using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace ResilientCaching.Resilience;

/// <summary>Decides which exceptions mean "Redis is not available" (they count towards opening the circuit).</summary>
internal static class RedisFailureClassifier
{
    public static RedisFailure Classify(Exception exception) => exception switch
    {
        TimeoutRejectedException or RedisTimeoutException or TimeoutException => RedisFailure.Timeout,
        BrokenCircuitException => RedisFailure.CircuitOpen,
        RedisConnectionException or SocketException or ObjectDisposedException => RedisFailure.ConnectionFailed,
        _ => RedisFailure.ServerError,
    };

    /// <summary>Whether a failure says something about Redis's availability rather than about one key.</summary>
    public static bool CountsAsUnavailable(Exception? exception) => exception switch
    {
        null => false,
        TimeoutRejectedException or RedisTimeoutException or TimeoutException => true,
        RedisConnectionException or SocketException or ObjectDisposedException => true,
        RedisServerException server => IsAvailabilityError(server.Message),
        _ => false,
    };

    /// <summary>Server errors that mean the node cannot serve now: loading, a read-only replica, no master, busy, cluster down.</summary>
    public static bool IsAvailabilityError(string message) =>
        message.StartsWith("LOADING", StringComparison.Ordinal)
        || message.StartsWith("READONLY", StringComparison.Ordinal)
        || message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
        || message.StartsWith("BUSY", StringComparison.Ordinal)
        || message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal)
        || message.StartsWith("TRYAGAIN", StringComparison.Ordinal)
        || message.StartsWith("NOREPLICAS", StringComparison.Ordinal);
}
