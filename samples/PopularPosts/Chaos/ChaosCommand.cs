using System.Globalization;

namespace PopularPosts.Chaos;

/// <summary><c>dotnet run --project samples/PopularPosts -- chaos [--seconds N] [--topology T] [--workers N] [--rate N]</c>.</summary>
public static class ChaosCommand
{
    /// <summary>Runs a chaos scenario and prints its summary.</summary>
    /// <param name="args">The arguments after <c>chaos</c>.</param>
    /// <returns>0 when no request failed, 1 when some did, 2 on bad arguments.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        ChaosOptions options;
        try
        {
            options = ParseOptions(args);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync("usage: chaos [--seconds N] [--topology none|standalone|replication|sentinel|cluster|sharded] [--workers N] [--rate N]");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl-C ends the load early and still prints the summary.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };

        var summary = await new ChaosRun(options, Console.Out).RunAsync(stop.Token);
        return summary.Passed ? 0 : 1;
    }

    /// <summary>Reads the chaos arguments.</summary>
    /// <param name="args">The arguments after <c>chaos</c>.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FormatException">An unknown option or a bad value.</exception>
    public static ChaosOptions ParseOptions(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ChaosOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value.");
            options = name switch
            {
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(Positive(name, value)) },
                "--workers" => options with { Workers = (int)Positive(name, value) },
                "--rate" => options with { RequestsPerSecondPerWorker = (int)Positive(name, value) },
                "--topology" when SampleTopology.All.Contains(value) => options with { Topology = value },
                "--topology" => throw new FormatException($"--topology {value} is not one of {string.Join(", ", SampleTopology.All)}."),
                _ => throw new FormatException($"Unknown chaos option {name}."),
            };
        }

        return options;
    }

    private static double Positive(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && number <= 3600
            ? number
            : throw new FormatException($"{name} {value}: expected a number between 0 and 3600.");
}
