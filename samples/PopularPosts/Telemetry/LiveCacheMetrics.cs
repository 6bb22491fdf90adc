using System.Diagnostics.Metrics;
using System.Globalization;
using ResilientCaching;

namespace PopularPosts.Telemetry;

/// <summary>
/// The cache's metrics as this process sees them, read in-process with a <see cref="MeterListener"/> on the
/// <c>ResilientCaching</c> meter (no exporter involved): counters summed per attribute set since start-up, gauges
/// as last observed. Feeds the status page and the chaos run's summary.
/// </summary>
public sealed class LiveCacheMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Lock _snapshotGate = new();
    private readonly Dictionary<(string Instrument, string Tags), MetricReading> _readings = [];
    private readonly HashSet<string> _instruments = [];
    private readonly object? _scope;

    /// <summary>Initializes a new instance of the <see cref="LiveCacheMetrics"/> class.</summary>
    /// <param name="meterFactory">
    /// The app's meter factory: when the cache creates its meter through it, only this app's meter is read (several
    /// apps in one test process do not mix); a meter created without a factory is read too.
    /// </param>
    public LiveCacheMetrics(IMeterFactory? meterFactory = null)
    {
        _scope = meterFactory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ResilientCachingDiagnostics.MeterName
                && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, _scope)))
            {
                lock (_gate)
                {
                    _instruments.Add(instrument.Name);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<short>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<byte>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<float>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, _) => Record(i, (double)v, t));
        _listener.Start();
    }

    /// <summary>Gets the names of the cache's instruments published so far (empty until the cache creates them).</summary>
    public IReadOnlyList<string> Instruments
    {
        get
        {
            lock (_gate)
            {
                return [.. _instruments.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Observes the gauges now and returns every reading.</summary>
    /// <returns>One reading per instrument and attribute set.</returns>
    public IReadOnlyList<MetricReading> Snapshot()
    {
        lock (_snapshotGate)
        {
            lock (_gate)
            {
                // Observable instruments report their current values when observed: forget the last observation, so a
                // replica that is no longer reported disappears.
                foreach (var key in _readings.Where(r => r.Value.IsObserved).Select(r => r.Key).ToList())
                {
                    _readings.Remove(key);
                }
            }

            _listener.RecordObservableInstruments();
            lock (_gate)
            {
                return [.. _readings.Values];
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            attributes[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        var kind = KindOf(instrument);
        var key = (instrument.Name, string.Join(';', attributes.Select(a => $"{a.Key}={a.Value}")));
        lock (_gate)
        {
            _readings.TryGetValue(key, out var previous);
            _readings[key] = new MetricReading(
                instrument.Name,
                instrument.Unit,
                kind,
                attributes,
                kind == MetricKind.Histogram ? (previous?.Value ?? 0) + 1 : kind == MetricKind.Counter && !instrument.IsObservable ? (previous?.Value ?? 0) + value : value,
                instrument.IsObservable);
        }
    }

    private static MetricKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return definition == typeof(Histogram<>) ? MetricKind.Histogram
            : definition == typeof(Counter<>) || definition == typeof(UpDownCounter<>) || definition == typeof(ObservableCounter<>) || definition == typeof(ObservableUpDownCounter<>) ? MetricKind.Counter
            : MetricKind.Gauge;
    }
}
