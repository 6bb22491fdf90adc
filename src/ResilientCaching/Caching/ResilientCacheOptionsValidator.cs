using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ResilientCaching.Caching;

/// <summary>
/// Validates <see cref="ResilientCacheOptions"/> at start-up with messages that name the setting. Never echoes the
/// configuration string: it may carry a password.
/// </summary>
internal sealed class ResilientCacheOptionsValidator(ResilientCacheBuilder builder, IServiceProviderIsService? services = null) : IValidateOptions<ResilientCacheOptions>
{
    private const string Prefix = "ResilientCacheOptions.";

    public ValidateOptionsResult Validate(string? name, ResilientCacheOptions options)
    {
        var requireConnection = !builder.MemoryOnly && builder.Multiplexer is null && builder.MultiplexerFactory is null && builder.ConfigurationOptions is null && services?.IsService(typeof(IConnectionMultiplexer)) != true;
        var errors = Errors(options, requireConnection).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The first problem, or <see langword="null"/>; for construction without dependency injection.</summary>
    public static string? FirstError(ResilientCacheOptions options, bool requireConnection = false) => Errors(options, requireConnection).FirstOrDefault();

    /// <summary>Parses <see cref="ResilientCacheOptions.Configuration"/>.</summary>
    public static ConfigurationOptions? ParseConfiguration(ResilientCacheOptions options)
        => string.IsNullOrWhiteSpace(options.Configuration) ? null : ConfigurationOptions.Parse(options.Configuration);

    private static IEnumerable<string> Errors(ResilientCacheOptions options, bool requireConnection)
    {
        if (options.Shards.Count > 0)
        {
            if (!string.IsNullOrWhiteSpace(options.Configuration))
            {
                yield return $"{Prefix}{nameof(ResilientCacheOptions.Shards)} and {Prefix}{nameof(ResilientCacheOptions.Configuration)} are both set; use one.";
            }

            for (var i = 0; i < options.Shards.Count; i++)
            {
                var shardError = ShardError(options.Shards[i]);
                if (shardError is not null)
                {
                    yield return $"{Prefix}{nameof(ResilientCacheOptions.Shards)}[{i}] {shardError}";
                }
            }

            if (options.Shards.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Shards.Count)
            {
                yield return $"{Prefix}{nameof(ResilientCacheOptions.Shards)} lists the same shard twice.";
            }
        }
        else if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            if (requireConnection)
            {
                yield return $"{Prefix}{nameof(ResilientCacheOptions.Configuration)} is required: a StackExchange.Redis configuration string such as 'localhost:6379' (or use WithConfigurationOptions / WithConnectionMultiplexer, or register an IConnectionMultiplexer).";
            }
        }
        else
        {
            string? parseError = null;
            try
            {
                if (ParseConfiguration(options)!.EndPoints.Count == 0)
                {
                    parseError = $"{Prefix}{nameof(ResilientCacheOptions.Configuration)} names no endpoint; add at least one host:port.";
                }
            }
            catch (Exception ex) when (ex is ArgumentException or RedisException or FormatException)
            {
                parseError = $"{Prefix}{nameof(ResilientCacheOptions.Configuration)} is not a valid StackExchange.Redis configuration string: {ex.Message}";
            }

            if (parseError is not null)
            {
                yield return parseError;
            }
        }

        if (options.KeyPrefix is null)
        {
            yield return $"{Prefix}{nameof(ResilientCacheOptions.KeyPrefix)} must not be null; use an empty string for no prefix.";
        }

        if (options.MaxKeyLength <= 0)
        {
            yield return $"{Prefix}{nameof(ResilientCacheOptions.MaxKeyLength)} must be greater than zero (was {options.MaxKeyLength}).";
        }

        if (options.MaxValueBytes <= 0)
        {
            yield return $"{Prefix}{nameof(ResilientCacheOptions.MaxValueBytes)} must be greater than zero (was {options.MaxValueBytes}).";
        }

        if (options.L1SizeLimit <= 0)
        {
            yield return $"{Prefix}{nameof(ResilientCacheOptions.L1SizeLimit)} must be greater than zero (was {options.L1SizeLimit}).";
        }

        if (options.InvalidationQueueCapacity <= 0)
        {
            yield return $"{Prefix}{nameof(ResilientCacheOptions.InvalidationQueueCapacity)} must be greater than zero (was {options.InvalidationQueueCapacity}).";
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > TimeSpan.FromMinutes(1))
        {
            yield return $"{Prefix}{nameof(ResilientCacheOptions.OperationTimeout)} must be greater than zero and at most one minute (was {options.OperationTimeout}).";
        }

        if (options.TopologyMonitorInterval < TimeSpan.FromMilliseconds(50) || options.TopologyMonitorInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{Prefix}{nameof(ResilientCacheOptions.TopologyMonitorInterval)} must be between 50 ms and one minute (was {options.TopologyMonitorInterval}).";
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            yield return $"{Prefix}{nameof(ResilientCacheOptions.ConnectTimeout)} must be greater than zero (was {options.ConnectTimeout}).";
        }

        foreach (var error in CircuitBreakerErrors(options.CircuitBreaker))
        {
            yield return error;
        }

        var entryError = options.DefaultEntryOptions?.Validate($"{Prefix}{nameof(ResilientCacheOptions.DefaultEntryOptions)}.");
        if (entryError is not null)
        {
            yield return entryError;
        }
    }

    private static string? ShardError(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return "is empty.";
        }

        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count == 0 ? "names no endpoint." : null;
        }
        catch (Exception ex) when (ex is ArgumentException or RedisException or FormatException)
        {
            return "is not a valid StackExchange.Redis configuration string: " + ex.Message;
        }
    }

    private static IEnumerable<string> CircuitBreakerErrors(ResilientCacheCircuitBreakerOptions? breaker)
    {
        const string Name = Prefix + nameof(ResilientCacheOptions.CircuitBreaker) + ".";
        if (breaker is null)
        {
            yield return $"{Prefix}{nameof(ResilientCacheOptions.CircuitBreaker)} must not be null.";
            yield break;
        }

        if (breaker.FailureRatio is <= 0 or > 1)
        {
            yield return $"{Name}{nameof(breaker.FailureRatio)} must be greater than 0 and at most 1 (was {breaker.FailureRatio}).";
        }

        if (breaker.MinimumThroughput < 2)
        {
            yield return $"{Name}{nameof(breaker.MinimumThroughput)} must be at least 2 (was {breaker.MinimumThroughput}).";
        }

        if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{Name}{nameof(breaker.SamplingDuration)} must be at least 500 ms (was {breaker.SamplingDuration}).";
        }

        if (breaker.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{Name}{nameof(breaker.BreakDuration)} must be at least 500 ms (was {breaker.BreakDuration}).";
        }
    }
}
