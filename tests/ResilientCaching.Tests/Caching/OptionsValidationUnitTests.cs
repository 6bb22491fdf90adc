using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ResilientCaching.Tests.Caching;

/// <summary>Bad settings fail start-up with messages that name the setting.</summary>
public sealed class OptionsValidationUnitTests
{
    public static TheoryData<string, Action<ResilientCacheOptions>> BadOptions() => new()
    {
        { "ResilientCacheOptions.Configuration is required", o => o.Configuration = null },
        { "ResilientCacheOptions.Configuration names no endpoint", o => o.Configuration = "abortConnect=false" },
        { "ResilientCacheOptions.OperationTimeout", o => o.OperationTimeout = TimeSpan.Zero },
        { "ResilientCacheOptions.ConnectTimeout", o => o.ConnectTimeout = TimeSpan.FromSeconds(-1) },
        { "ResilientCacheOptions.MaxKeyLength", o => o.MaxKeyLength = 0 },
        { "ResilientCacheOptions.MaxValueBytes", o => o.MaxValueBytes = -5 },
        { "ResilientCacheOptions.L1SizeLimit", o => o.L1SizeLimit = 0 },
        { "ResilientCacheOptions.CircuitBreaker.FailureRatio", o => o.CircuitBreaker.FailureRatio = 1.5 },
        { "ResilientCacheOptions.CircuitBreaker.MinimumThroughput", o => o.CircuitBreaker.MinimumThroughput = 1 },
        { "ResilientCacheOptions.CircuitBreaker.BreakDuration", o => o.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(10) },
        { "ResilientCacheOptions.DefaultEntryOptions.Duration", o => o.DefaultEntryOptions = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromSeconds(-1)) },
        { "ResilientCacheOptions.DefaultEntryOptions.FailSafeMaxDuration", o => o.DefaultEntryOptions = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromHours(2)) },
        { "ResilientCacheOptions.DefaultEntryOptions.FactorySoftTimeout", o => o.DefaultEntryOptions = ResilientCacheEntryOptions.Default.WithFactoryTimeouts(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Invalid_options_fail_with_a_message_naming_the_setting(string expected, Action<ResilientCacheOptions> breakIt)
    {
        var services = new ServiceCollection();
        services.AddResilientRedisCache(o =>
        {
            o.Configuration = "127.0.0.1:1";
            breakIt(o);
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ResilientCacheOptions>>().Value);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_section_binds_every_setting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ResilientCache:Configuration"] = "127.0.0.1:6390",
                ["ResilientCache:KeyPrefix"] = "app1:",
                ["ResilientCache:OperationTimeout"] = "00:00:00.050",
                ["ResilientCache:CircuitBreaker:BreakDuration"] = "00:00:03",
                ["ResilientCache:DefaultEntryOptions:Duration"] = "00:02:00",
                ["ResilientCache:DefaultEntryOptions:FactorySoftTimeout"] = "00:00:00.200",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddResilientRedisCache(configuration.GetSection("ResilientCache"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ResilientCacheOptions>>().Value;

        Assert.Equal("app1:", options.KeyPrefix);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.OperationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.CircuitBreaker.BreakDuration);
        Assert.NotNull(options.DefaultEntryOptions);
        Assert.Equal(TimeSpan.FromMinutes(2), options.DefaultEntryOptions.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.DefaultEntryOptions.FactorySoftTimeout);
        Assert.True(options.DefaultEntryOptions.IsFailSafeEnabled);
        Assert.Same(ResilientCacheEntryOptions.Default, ResilientCacheEntryOptions.Default);
        Assert.Equal(TimeSpan.FromMinutes(5), ResilientCacheEntryOptions.Default.Duration);
    }

    [Fact]
    public void Registered_multiplexer_makes_Configuration_optional()
    {
        var services = new ServiceCollection();
        services.AddResilientRedisCache(_ => { })
            .WithConnectionMultiplexer(_ => throw new InvalidOperationException("not needed to validate"));
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<IOptions<ResilientCacheOptions>>().Value);
    }
}
