using PopularPosts.Chaos;

namespace ResilientCaching.AspNetCore.Tests.Samples;

/// <summary>
/// The sample's chaos mode, run briefly in-process: it launches Redis, starts the app on a free port, drives load, kills
/// the master, prints a summary that parses, and stops every process it started.
/// </summary>
public sealed class ChaosRunTests
{
    [Fact]
    public async Task A_short_run_with_a_master_kill_fails_no_request_and_prints_a_summary_that_parses()
    {
        using var output = new StringWriter();
        var options = new ChaosOptions
        {
            Topology = "standalone",
            Duration = TimeSpan.FromSeconds(4),
            KillAfter = TimeSpan.FromSeconds(1),
            Workers = 3,
            RequestsPerSecondPerWorker = 20,
            PostEvery = 10,

            // The run's own fallback warnings are expected here; keep them out of the test log.
            AppArguments = ["--Logging:LogLevel:Default=Error", "--Logging:LogLevel:ResilientCaching=Error"],
        };

        var returned = await new ChaosRun(options, output).RunAsync();
        var text = output.ToString();
        var printed = ChaosSummary.Parse(text);

        Assert.True(printed.FailedRequests == 0, text);
        Assert.True(printed.Passed);
        Assert.Equal("standalone", printed.Topology);
        Assert.InRange(printed.Requests, 40, 3 * 20 * 5);
        Assert.Equal(returned.Requests, printed.Requests);
        Assert.InRange(printed.P50Milliseconds, 0, printed.P99Milliseconds);
        Assert.InRange(printed.P99Milliseconds, printed.P50Milliseconds, printed.MaxMilliseconds);
        Assert.Matches(@"^127\.0\.0\.1:\d+ at 1\.\d s$", printed.KilledMaster);
        Assert.NotNull(printed.HitRatio);
        Assert.NotEmpty(printed.PostWrites);

        // A standalone master has no replica to promote: no failover, and the cache fell back instead.
        Assert.False(printed.FailoverDetected);
        Assert.Null(printed.WritesUnavailableMilliseconds);
        Assert.NotEmpty(printed.Fallbacks);
        Assert.True(printed.MemoryOnlyWrites is { From: >= 0.9 }, $"posts written to memory only from {printed.MemoryOnlyWrites?.From} s, the kill was at 1 s");
        Assert.Equal(returned.Fallbacks.OrderBy(p => p.Key), printed.Fallbacks.OrderBy(p => p.Key));

        // Every process it launched is gone.
        var port = int.Parse(printed.KilledMaster.Split(':', ' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(System.Net.IPAddress.Loopback, port));
    }

    [Fact]
    public void Command_line_options_are_read_and_bad_ones_rejected()
    {
        var options = ChaosCommand.ParseOptions(["--seconds", "7.5", "--topology", "replication", "--workers", "2", "--rate", "10"]);

        Assert.Equal(TimeSpan.FromSeconds(7.5), options.Duration);
        Assert.Equal("replication", options.Topology);
        Assert.Equal(2, options.Workers);
        Assert.Equal(10, options.RequestsPerSecondPerWorker);
        Assert.Equal("sentinel", ChaosCommand.ParseOptions([]).Topology);
        Assert.Throws<FormatException>(() => ChaosCommand.ParseOptions(["--seconds", "-1"]));
        Assert.Throws<FormatException>(() => ChaosCommand.ParseOptions(["--topology", "mesh"]));
        Assert.Throws<FormatException>(() => ChaosCommand.ParseOptions(["--seconds"]));
    }
}
