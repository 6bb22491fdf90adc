using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ResilientCaching.Caching;

/// <summary>
/// Binds <see cref="ResilientCacheEntryOptions"/> (immutable, init-only) from configuration by hand: the configuration
/// binder does not set init-only properties. Unknown values fail with a message naming the key.
/// </summary>
internal static class EntryOptionsBinder
{
    public static ResilientCacheEntryOptions? Bind(IConfigurationSection section, ResilientCacheEntryOptions? current)
    {
        if (!section.GetChildren().Any())
        {
            return current;
        }

        var options = current ?? ResilientCacheEntryOptions.Default;
        return options with
        {
            Duration = TimeSpanOr(section, nameof(options.Duration), options.Duration),
            L1Duration = NullableTimeSpanOr(section, nameof(options.L1Duration), options.L1Duration),
            IsFailSafeEnabled = BoolOr(section, nameof(options.IsFailSafeEnabled), options.IsFailSafeEnabled),
            FailSafeMaxDuration = TimeSpanOr(section, nameof(options.FailSafeMaxDuration), options.FailSafeMaxDuration),
            FailSafeThrottleDuration = TimeSpanOr(section, nameof(options.FailSafeThrottleDuration), options.FailSafeThrottleDuration),
            FactorySoftTimeout = NullableTimeSpanOr(section, nameof(options.FactorySoftTimeout), options.FactorySoftTimeout),
            FactoryHardTimeout = NullableTimeSpanOr(section, nameof(options.FactoryHardTimeout), options.FactoryHardTimeout),
            RedisOperationTimeout = NullableTimeSpanOr(section, nameof(options.RedisOperationTimeout), options.RedisOperationTimeout),
        };
    }

    private static TimeSpan TimeSpanOr(IConfigurationSection section, string key, TimeSpan fallback)
        => NullableTimeSpanOr(section, key, fallback) ?? fallback;

    private static TimeSpan? NullableTimeSpanOr(IConfigurationSection section, string key, TimeSpan? fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{section.Path}:{key} must be a time span such as '00:00:30' (was '{text}').");
    }

    private static bool BoolOr(IConfigurationSection section, string key, bool fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw new InvalidOperationException($"{section.Path}:{key} must be true or false (was '{text}').");
    }
}
