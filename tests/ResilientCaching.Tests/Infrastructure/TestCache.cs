using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResilientCaching.Caching;

namespace ResilientCaching.Tests.Infrastructure;

/// <summary>A real <see cref="ResilientCache"/> built through dependency injection, with a log collector.</summary>
internal sealed class TestCache : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestCache(ServiceProvider services)
    {
        _services = services;
        Cache = services.GetRequiredService<ResilientCache>();
        Logs = services.GetFakeLogCollector();
    }

    public ResilientCache Cache { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>Creates a cache against <paramref name="configuration"/> with test-friendly defaults (fast circuit).</summary>
    public static TestCache Create(string configuration, Action<ResilientCacheOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddResilientRedisCache(o =>
        {
            o.Configuration = configuration;
            o.KeyPrefix = "test:";
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
        return new TestCache(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>Waits until the cache has a Redis connection (it connects in the background).</summary>
    public Task WaitForRedisAsync(TimeSpan? timeout = null) => RedisReady.WaitAsync(Cache, timeout);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
