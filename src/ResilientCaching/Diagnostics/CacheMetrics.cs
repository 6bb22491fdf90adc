using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Polly.CircuitBreaker;
using ResilientCaching.Caching;

namespace ResilientCaching.Diagnostics;

/// <summary>
/// Every instrument of the "ResilientCaching" meter (see docs/telemetry.md). One set per <see cref="Meter"/> — per
/// service provider when an <see cref="IMeterFactory"/> is registered — shared by the caches (shards) using it; the
/// gauges read every live cache. Attributes are low-cardinality only: never a cache key.
/// </summary>
internal sealed class CacheMetrics
{
    private static readonly Meter s_defaultMeter = new(ResilientCachingDiagnostics.MeterName, typeof(CacheMetrics).Assembly.GetName().Version?.ToString());
    private static readonly ConditionalWeakTable<Meter, CacheMetrics> s_byMeter = [];

    private readonly ConcurrentDictionary<ResilientCache, byte> _caches = new();
    private readonly Counter<long> _requests;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _invalidations;
    private readonly Histogram<double> _operationDuration;
    private readonly Histogram<double> _factoryDuration;

    private CacheMetrics(Meter meter)
    {
        _requests = meter.CreateCounter<long>("resilientcaching.requests", "{request}", "Cache lookups by result (hit, miss, stale) and level (l1, l2).");
        _fallbacks = meter.CreateCounter<long>("resilientcaching.fallbacks", "{fallback}", "Times the cache did without Redis or without the factory, by reason.");
        _failovers = meter.CreateCounter<long>("resilientcaching.failovers", "{failover}", "Master changes the cache followed.");
        _invalidations = meter.CreateCounter<long>("resilientcaching.invalidations", "{invalidation}", "Invalidations that could not reach Redis: queued, replayed, dropped.");
        _operationDuration = meter.CreateHistogram("db.client.operation.duration", "s", "Duration of Redis operations.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _factoryDuration = meter.CreateHistogram("resilientcaching.factory.duration", "s", "Duration of factory (source of truth) calls.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        meter.CreateObservableGauge("resilientcaching.replica.lag", ObserveLag, "s", "Measured replication lag of each replica, in time.");
        meter.CreateObservableGauge("resilientcaching.replica.offset_lag", ObserveOffsetLag, "By", "Measured replication lag of each replica, in bytes of the master's stream.");
        meter.CreateObservableGauge("resilientcaching.circuit.state", ObserveCircuits, "{state}", "Circuit breaker state: 0 closed, 1 half-open, 2 open, 3 isolated.");
    }

    public static CacheMetrics For(IMeterFactory? factory)
    {
        var meter = factory?.Create(new MeterOptions(ResilientCachingDiagnostics.MeterName)) ?? s_defaultMeter;
        return s_byMeter.GetValue(meter, static m => new CacheMetrics(m));
    }

    public void Register(ResilientCache cache) => _caches.TryAdd(cache, 0);

    public void Unregister(ResilientCache cache) => _caches.TryRemove(cache, out _);

    public void Request(string result, string level)
    {
        if (_requests.Enabled)
        {
            _requests.Add(1, new KeyValuePair<string, object?>(Tags.CacheResult, result), new KeyValuePair<string, object?>(Tags.CacheLevel, level));
        }
    }

    public void Fallback(string reason)
    {
        Activities.Fallback(reason);
        if (_fallbacks.Enabled)
        {
            _fallbacks.Add(1, new KeyValuePair<string, object?>(Tags.FallbackReason, reason), new KeyValuePair<string, object?>(Tags.DbSystemName, Tags.DbSystemValue));
        }
    }

    public void Failover(string topology, string? service)
        => _failovers.Add(1, new KeyValuePair<string, object?>(Tags.Topology, topology), new KeyValuePair<string, object?>(Tags.Service, service ?? string.Empty));

    public void Invalidation(string state)
    {
        if (_invalidations.Enabled)
        {
            _invalidations.Add(1, new KeyValuePair<string, object?>(Tags.InvalidationState, state));
        }
    }

    public bool MeasuresOperations => _operationDuration.Enabled;

    public void Operation(string operation, string? endPoint, long startTimestamp, string? errorType)
    {
        if (!_operationDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { Tags.DbSystemName, Tags.DbSystemValue },
            { Tags.DbOperationName, operation },
        };
        AddServer(ref tags, endPoint);
        if (errorType is not null)
        {
            tags.Add(Tags.ErrorType, errorType);
        }

        _operationDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    public void Factory(long startTimestamp, string outcome)
    {
        if (_factoryDuration.Enabled)
        {
            _factoryDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>(Tags.FactoryOutcome, outcome));
        }
    }

    private static void AddServer(ref TagList tags, string? endPoint)
    {
        if (endPoint is null)
        {
            return;
        }

        var colon = endPoint.LastIndexOf(':');
        if (colon > 0 && int.TryParse(endPoint.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            tags.Add(Tags.ServerAddress, endPoint[..colon]);
            tags.Add(Tags.ServerPort, port);
        }
        else
        {
            tags.Add(Tags.ServerAddress, endPoint);
        }
    }

    private IEnumerable<Measurement<double>> ObserveLag()
    {
        foreach (var replica in _caches.Keys.SelectMany(c => c.Topology.Current.Replicas).Where(r => r.IsReachable && r.Lag != TimeSpan.MaxValue))
        {
            var tags = default(TagList);
            AddServer(ref tags, replica.EndPoint);
            yield return new Measurement<double>(replica.Lag.TotalSeconds, tags);
        }
    }

    private IEnumerable<Measurement<long>> ObserveOffsetLag()
    {
        foreach (var replica in _caches.Keys.SelectMany(c => c.Topology.Current.Replicas).Where(r => r.IsReachable))
        {
            var tags = default(TagList);
            AddServer(ref tags, replica.EndPoint);
            yield return new Measurement<long>(replica.LagBytes, tags);
        }
    }

    private IEnumerable<Measurement<int>> ObserveCircuits()
    {
        foreach (var cache in _caches.Keys)
        {
            foreach (var (name, endPoint, state) in cache.Circuits())
            {
                var tags = new TagList { { Tags.Circuit, name } };
                AddServer(ref tags, endPoint);
                yield return new Measurement<int>(Value(state), tags);
            }
        }
    }

    private static int Value(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        CircuitState.Open => 2,
        _ => 3,
    };
}
