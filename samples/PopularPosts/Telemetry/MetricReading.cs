namespace PopularPosts.Telemetry;

/// <summary>One instrument's value for one attribute set, as <see cref="LiveCacheMetrics"/> last read it.</summary>
/// <param name="Instrument">The instrument name, e.g. <c>resilientcaching.requests</c>.</param>
/// <param name="Unit">Its unit, e.g. <c>s</c> or <c>{request}</c>.</param>
/// <param name="Kind">Counter (summed since start-up), gauge (last value) or histogram (<paramref name="Value"/> counts measurements).</param>
/// <param name="Attributes">The attributes, e.g. <c>cache.result=hit</c>.</param>
/// <param name="Value">The sum, the last value, or the number of measurements.</param>
/// <param name="IsObserved">Whether it came from an observable instrument (re-read on every snapshot).</param>
public sealed record MetricReading(string Instrument, string? Unit, MetricKind Kind, IReadOnlyDictionary<string, string> Attributes, double Value, bool IsObserved)
{
    /// <summary>Returns an attribute's value, or an empty string.</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>Its value.</returns>
    public string Attribute(string name) => Attributes.TryGetValue(name, out var value) ? value : string.Empty;
}
