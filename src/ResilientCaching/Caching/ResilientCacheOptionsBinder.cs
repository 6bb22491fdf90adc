using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ResilientCaching.Caching;

/// <summary>
/// Binds <see cref="ResilientCacheOptions"/> from configuration by hand: trimming- and AOT-safe without reflection,
/// able to set the init-only entry options, and failing on an unparsable value with a message naming the key.
/// Keys that are absent keep their current value.
/// </summary>
internal static class ResilientCacheOptionsBinder
{
    public static void Bind(IConfiguration section, ResilientCacheOptions options)
    {
        options.Configuration = String(section, nameof(options.Configuration)) ?? options.Configuration;
        options.KeyPrefix = String(section, nameof(options.KeyPrefix)) ?? options.KeyPrefix;
        options.MaxKeyLength = Parse(section, nameof(options.MaxKeyLength), int.Parse) ?? options.MaxKeyLength;
        options.MaxValueBytes = Parse(section, nameof(options.MaxValueBytes), int.Parse) ?? options.MaxValueBytes;
        options.L1SizeLimit = Parse(section, nameof(options.L1SizeLimit), long.Parse) ?? options.L1SizeLimit;
        options.InvalidationQueueCapacity = Parse(section, nameof(options.InvalidationQueueCapacity), int.Parse) ?? options.InvalidationQueueCapacity;
        options.OperationTimeout = Time(section, nameof(options.OperationTimeout)) ?? options.OperationTimeout;
        options.ConnectTimeout = Time(section, nameof(options.ConnectTimeout)) ?? options.ConnectTimeout;
        options.TopologyMonitorInterval = Time(section, nameof(options.TopologyMonitorInterval)) ?? options.TopologyMonitorInterval;
        options.EnableInvalidationMessages = Parse(section, nameof(options.EnableInvalidationMessages), (s, _) => bool.Parse(s)) ?? options.EnableInvalidationMessages;

        var shards = section.GetSection(nameof(options.Shards)).GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        if (shards.Count > 0)
        {
            options.Shards.Clear();
            foreach (var shard in shards)
            {
                options.Shards.Add(shard!);
            }
        }

        var breaker = section.GetSection(nameof(options.CircuitBreaker));
        options.CircuitBreaker.FailureRatio = Parse(breaker, nameof(options.CircuitBreaker.FailureRatio), double.Parse) ?? options.CircuitBreaker.FailureRatio;
        options.CircuitBreaker.MinimumThroughput = Parse(breaker, nameof(options.CircuitBreaker.MinimumThroughput), int.Parse) ?? options.CircuitBreaker.MinimumThroughput;
        options.CircuitBreaker.SamplingDuration = Time(breaker, nameof(options.CircuitBreaker.SamplingDuration)) ?? options.CircuitBreaker.SamplingDuration;
        options.CircuitBreaker.BreakDuration = Time(breaker, nameof(options.CircuitBreaker.BreakDuration)) ?? options.CircuitBreaker.BreakDuration;

        var entry = section.GetSection(nameof(options.DefaultEntryOptions));
        if (entry.GetChildren().Any())
        {
            options.DefaultEntryOptions = BindEntry(entry, options.DefaultEntryOptions ?? ResilientCacheEntryOptions.Default);
        }
    }

    private static ResilientCacheEntryOptions BindEntry(IConfigurationSection section, ResilientCacheEntryOptions options) => options with
    {
        Duration = Time(section, nameof(options.Duration)) ?? options.Duration,
        L1Duration = Time(section, nameof(options.L1Duration)) ?? options.L1Duration,
        IsFailSafeEnabled = Parse(section, nameof(options.IsFailSafeEnabled), (s, _) => bool.Parse(s)) ?? options.IsFailSafeEnabled,
        FailSafeMaxDuration = Time(section, nameof(options.FailSafeMaxDuration)) ?? options.FailSafeMaxDuration,
        FailSafeThrottleDuration = Time(section, nameof(options.FailSafeThrottleDuration)) ?? options.FailSafeThrottleDuration,
        FactorySoftTimeout = Time(section, nameof(options.FactorySoftTimeout)) ?? options.FactorySoftTimeout,
        FactoryHardTimeout = Time(section, nameof(options.FactoryHardTimeout)) ?? options.FactoryHardTimeout,
        RedisOperationTimeout = Time(section, nameof(options.RedisOperationTimeout)) ?? options.RedisOperationTimeout,
        ReadPreference = Parse(section, nameof(options.ReadPreference), (s, _) => Enum.Parse<ReadPreference>(s, ignoreCase: true)) ?? options.ReadPreference,
        MaxReplicaLag = Time(section, nameof(options.MaxReplicaLag)) ?? options.MaxReplicaLag,
    };

    private static string? String(IConfiguration section, string key) => section[key];

    private static TimeSpan? Time(IConfiguration section, string key) => Parse(section, key, TimeSpan.Parse);

    private static T? Parse<T>(IConfiguration section, string key, Func<string, IFormatProvider, T> parse)
        where T : struct
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return parse(text.Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            var path = section is IConfigurationSection s ? s.Path + ":" + key : key;
            throw new InvalidOperationException($"Configuration value {path} = '{text}' is not a valid {typeof(T).Name}.", ex);
        }
    }
}
