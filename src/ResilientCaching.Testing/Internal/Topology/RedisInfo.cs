namespace ResilientCaching.Testing.Internal.Topology;

/// <summary>Parses the <c>key:value</c> text of INFO / CLUSTER INFO replies.</summary>
internal static class RedisInfo
{
    public static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values[line[..colon]] = line[(colon + 1)..];
            }
        }

        return values;
    }

    public static long Int64(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : -1;
}
