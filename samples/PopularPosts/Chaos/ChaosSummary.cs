using System.Globalization;
using System.Text;

namespace PopularPosts.Chaos;

/// <summary>What a chaos run measured; printed by <see cref="Format"/> as <c>key: value</c> lines that <see cref="Parse"/> reads back.</summary>
/// <param name="Topology">The topology that ran.</param>
/// <param name="Seconds">How long the load ran.</param>
/// <param name="Requests">Requests sent.</param>
/// <param name="FailedRequests">Requests that threw, timed out or answered an unexpected status.</param>
/// <param name="P50Milliseconds">Median latency.</param>
/// <param name="P99Milliseconds">99th percentile latency.</param>
/// <param name="MaxMilliseconds">Slowest request.</param>
/// <param name="HitRatio">The cache's hits over its requests (from its metrics), if it emitted any.</param>
/// <param name="Fallbacks">The cache's fallbacks by reason (from its metrics).</param>
/// <param name="PostWrites">How the cache wrote the created posts (<c>CacheWriteStatus</c> → count).</param>
/// <param name="KilledMaster">The master killed and when, or why none was.</param>
/// <param name="FailoverDetected">Whether the cache reported a failover after the kill.</param>
/// <param name="Failover">The failover (old → new, how it was detected, how long after the kill), if any.</param>
/// <param name="WritesUnavailableMilliseconds">
/// <c>RedisFailover.WritesUnavailableFor</c>: how long writes were unavailable; <see langword="null"/> when no failover was
/// detected or no write failed.
/// </param>
/// <param name="MemoryOnlyWrites">
/// As the clients saw it: from the first to the last created post whose cache write stayed in memory (<c>MemoryOnly</c>),
/// in seconds since the load started; <see langword="null"/> when every post reached Redis.
/// </param>
/// <param name="FirstFailures">Up to five failure descriptions.</param>
public sealed record ChaosSummary(
    string Topology,
    double Seconds,
    long Requests,
    long FailedRequests,
    double P50Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    double? HitRatio,
    IReadOnlyDictionary<string, long> Fallbacks,
    IReadOnlyDictionary<string, long> PostWrites,
    string KilledMaster,
    bool FailoverDetected,
    string? Failover,
    double? WritesUnavailableMilliseconds,
    (double From, double To)? MemoryOnlyWrites,
    IReadOnlyList<string> FirstFailures)
{
    /// <summary>The first line of <see cref="Format"/>.</summary>
    public const string Header = "== chaos summary ==";

    /// <summary>Gets a value indicating whether no request failed.</summary>
    public bool Passed => FailedRequests == 0;

    /// <summary>Reads a summary printed by <see cref="Format"/> (other lines around it are ignored).</summary>
    /// <param name="text">The output holding the summary.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="FormatException">No summary, or a line is missing or malformed.</exception>
    public static ChaosSummary Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf(Header, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new FormatException($"No '{Header}' in the output.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var line in text[(start + Header.Length)..].Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("  failure: ", StringComparison.Ordinal))
            {
                failures.Add(line["  failure: ".Length..]);
                continue;
            }

            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                values.TryAdd(line[..colon].Trim(), line[(colon + 2)..].Trim());
            }

            if (line.StartsWith("result: ", StringComparison.Ordinal))
            {
                break;
            }
        }

        string Value(string key) => values.TryGetValue(key, out var v) ? v : throw new FormatException($"The summary has no '{key}' line.");
        double Number(string key, string unit)
        {
            var v = Value(key);
            return v.EndsWith(unit, StringComparison.Ordinal) && double.TryParse(v[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? d
                : throw new FormatException($"'{key}: {v}' is not a number of {unit.Trim()}.");
        }

        long Count(string key) => long.TryParse(Value(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"'{key}: {Value(key)}' is not a count.");

        var failover = Value("failover detected");
        var writes = Value("writes unavailable");
        var hitRatio = Value("cache hit ratio");
        var memoryOnly = Value("post writes memory-only");
        return new ChaosSummary(
            Value("topology"),
            Number("duration", " s"),
            Count("requests"),
            Count("failed requests"),
            Number("latency p50", " ms"),
            Number("latency p99", " ms"),
            Number("latency max", " ms"),
            hitRatio == "n/a" ? null : double.Parse(hitRatio, NumberStyles.Float, CultureInfo.InvariantCulture),
            ParseCounts(Value("fallbacks")),
            ParseCounts(Value("post writes")),
            Value("master killed"),
            failover.StartsWith("yes", StringComparison.Ordinal),
            failover.StartsWith("yes (", StringComparison.Ordinal) ? failover[5..^1] : null,
            writes.EndsWith(" ms", StringComparison.Ordinal) ? Number("writes unavailable", " ms") : null,
            memoryOnly == "never" ? null : ParseWindow(memoryOnly),
            failures);
    }

    /// <summary>Formats the summary as <c>key: value</c> lines.</summary>
    /// <returns>The text.</returns>
    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Header);
        text.AppendLine(c, $"topology: {Topology}");
        text.AppendLine(c, $"duration: {Seconds:0.0} s");
        text.AppendLine(c, $"requests: {Requests}");
        text.AppendLine(c, $"failed requests: {FailedRequests}");
        foreach (var failure in FirstFailures)
        {
            text.AppendLine(c, $"  failure: {failure}");
        }

        text.AppendLine(c, $"latency p50: {P50Milliseconds:0.00} ms");
        text.AppendLine(c, $"latency p99: {P99Milliseconds:0.00} ms");
        text.AppendLine(c, $"latency max: {MaxMilliseconds:0.00} ms");
        text.AppendLine(c, $"cache hit ratio: {(HitRatio is { } ratio ? ratio.ToString("0.000", c) : "n/a")}");
        text.AppendLine(c, $"fallbacks: {FormatCounts(Fallbacks)}");
        text.AppendLine(c, $"post writes: {FormatCounts(PostWrites)}");
        text.AppendLine(c, $"master killed: {KilledMaster}");
        text.AppendLine(c, $"failover detected: {(FailoverDetected ? $"yes ({Failover})" : "no")}");
        text.AppendLine(c, $"writes unavailable: {(WritesUnavailableMilliseconds is { } ms ? ms.ToString("0", c) + " ms" : FailoverDetected ? "none (no write failed)" : "n/a (no failover)")}");
        text.AppendLine(c, $"post writes memory-only: {(MemoryOnlyWrites is { } window ? $"{window.From:0.00} s to {window.To:0.00} s ({(window.To - window.From) * 1000:0} ms)" : "never")}");
        text.AppendLine(c, $"result: {(Passed ? "PASS" : "FAIL")} ({FailedRequests} failed requests)");
        return text.ToString();
    }

    private static (double From, double To) ParseWindow(string text)
    {
        // "5.02 s to 7.33 s (2310 ms)"
        var parts = text.Split(' ');
        return parts.Length >= 5 && parts[1] == "s" && parts[2] == "to" && parts[4] == "s"
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var from)
            && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var to)
            ? (from, to)
            : throw new FormatException($"'post writes memory-only: {text}' is not a window.");
    }

    private static string FormatCounts(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")));

    private static Dictionary<string, long> ParseCounts(string text) => text == "none"
        ? []
        : text.Split(", ").Select(p => p.Split('=')).ToDictionary(
            p => p[0],
            p => p.Length == 2 && long.TryParse(p[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"'{string.Join('=', p)}' is not name=count."),
            StringComparer.Ordinal);
}
