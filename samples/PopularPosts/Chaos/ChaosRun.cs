using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using PopularPosts.Status;
using PopularPosts.Telemetry;
using ResilientCaching;

namespace PopularPosts.Chaos;

/// <summary>
/// Launches a topology, starts the sample on a free 127.0.0.1 port, drives fixed-rate load against it from a few
/// concurrent client loops (<c>GET /posts/{id}</c>, <c>GET /posts/popular</c>, now and then <c>POST /posts</c>), kills
/// the master through <c>POST /chaos/master/kill</c> mid-run, and summarises what the clients saw and what the cache
/// reported. Every process it starts is stopped before it returns.
/// </summary>
public sealed class ChaosRun(ChaosOptions options, TextWriter output)
{
    private const int FailuresKept = 5;

    private readonly ConcurrentQueue<double> _latencies = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, long> _postWrites = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> _memoryOnlyWritesAt = new();
    private readonly Stopwatch _clock = new();
    private long _requests;
    private long _failed;

    /// <summary>Runs the scenario.</summary>
    /// <param name="cancellationToken">Stops the load early (the summary still follows).</param>
    /// <returns>The summary, also written to the output.</returns>
    public async Task<ChaosSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RequestsPerSecondPerWorker, 1);
        Say($"Launching the {options.Topology} topology and the app on 127.0.0.1...");
        string[] args =
        [
            "--topology", options.Topology,
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:ResilientCaching=Warning",
            .. options.AppArguments,
        ];

        await using var app = await PopularPostsApp.BuildAsync(args);
        await app.StartAsync(cancellationToken);
        try
        {
            var mode = app.Services.GetRequiredService<CacheMode>();
            var baseAddress = new Uri(app.Urls.First());
            Say($"App on {baseAddress} - {mode.Description}");
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Workers * 2 })
            {
                BaseAddress = baseAddress,
                Timeout = options.RequestTimeout,
            };

            var topology = app.Services.GetRequiredService<IRedisTopologyView>();
            await WaitUntilMonitoredAsync(mode.Topology, topology, cancellationToken);
            (await client.GetAsync(new Uri("/posts/1", UriKind.Relative), cancellationToken)).EnsureSuccessStatusCode();

            Say($"Load: {options.Workers} loops x {options.RequestsPerSecondPerWorker} requests/s for {options.Duration.TotalSeconds:0.#} s; master kill at {options.EffectiveKillAfter.TotalSeconds:0.#} s.");
            using var load = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            load.CancelAfter(options.Duration);
            _clock.Start();
            var workers = Enumerable.Range(0, options.Workers).Select(w => DriveAsync(client, w, load.Token)).ToList();
            var killedAt = DateTimeOffset.MinValue;
            var killed = "none (the run ended first)";
            try
            {
                await Task.Delay(options.EffectiveKillAfter, load.Token);
                (killed, killedAt) = await KillMasterAsync(client, _clock.Elapsed, app.Services.GetRequiredService<TimeProvider>());
            }
            catch (OperationCanceledException)
            {
            }

            await Task.WhenAll(workers);
            var seconds = _clock.Elapsed.TotalSeconds;
            Say($"Load done after {seconds:0.0} s.");

            var failover = await AwaitFailoverAsync(mode.Topology, topology, killedAt, cancellationToken);
            var telemetry = CacheTelemetryView.From(
                app.Services.GetRequiredService<LiveCacheMetrics>().Instruments,
                app.Services.GetRequiredService<LiveCacheMetrics>().Snapshot());
            var sorted = _latencies.Order().ToArray();
            var summary = new ChaosSummary(
                mode.Topology,
                seconds,
                Interlocked.Read(ref _requests),
                Interlocked.Read(ref _failed),
                Percentile(sorted, 0.50),
                Percentile(sorted, 0.99),
                sorted.Length == 0 ? 0 : sorted[^1],
                telemetry.HitRatio,
                telemetry.Fallbacks.ToDictionary(f => f.Label.Length == 0 ? "(none)" : f.Label, f => f.Count, StringComparer.Ordinal),
                new Dictionary<string, long>(_postWrites, StringComparer.Ordinal),
                killed,
                failover is not null,
                failover is null ? null : string.Create(
                    CultureInfo.InvariantCulture,
                    $"{failover.PreviousMaster ?? "?"} -> {failover.NewMaster}, by {failover.DetectedBy}, {(failover.DetectedAt - killedAt).TotalSeconds:0.00} s after the kill"),
                failover?.WritesUnavailableFor?.TotalMilliseconds,
                _memoryOnlyWritesAt.IsEmpty ? null : (_memoryOnlyWritesAt.Min(), _memoryOnlyWritesAt.Max()),
                [.. _failures]);
            output.Write(summary.Format());
            return summary;
        }
        finally
        {
            Say("Stopping the app and every Redis process it launched...");
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int ExpectedNodes(string topology) => topology switch
    {
        SampleTopology.Standalone => 1,
        SampleTopology.Replication or SampleTopology.Sentinel or SampleTopology.Sharded => 3,
        SampleTopology.Cluster => 6,
        _ => 0,
    };

    private async Task WaitUntilMonitoredAsync(string topologyName, IRedisTopologyView topology, CancellationToken cancellationToken)
    {
        var expected = ExpectedNodes(topologyName);
        var waited = Stopwatch.StartNew();
        while (topology.Current.Nodes.Count(n => n.IsReachable) < expected)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                Say($"The cache's monitor sees {topology.Current.Nodes.Count(n => n.IsReachable)} of {expected} nodes after 15 s; starting anyway.");
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<(string Killed, DateTimeOffset At)> KillMasterAsync(HttpClient client, TimeSpan elapsed, TimeProvider time)
    {
        var at = time.GetUtcNow();
        using var response = await client.PostAsync(new Uri("/chaos/master/kill", UriKind.Relative), null);
        var outcome = await response.Content.ReadFromJsonAsync<ChaosOutcome>();
        Say($"{elapsed.TotalSeconds:0.0} s: POST /chaos/master/kill -> {(int)response.StatusCode}: {outcome?.Message}");
        return response.IsSuccessStatusCode && outcome?.Node is { } node
            ? (string.Create(CultureInfo.InvariantCulture, $"{node} at {elapsed.TotalSeconds:0.0} s"), at)
            : ($"none ({(int)response.StatusCode}: {outcome?.Message})", DateTimeOffset.MinValue);
    }

    private async Task<RedisFailover?> AwaitFailoverAsync(string topologyName, IRedisTopologyView topology, DateTimeOffset killedAt, CancellationToken cancellationToken)
    {
        RedisFailover? Detected() => topology.LastFailover is { } f && killedAt != DateTimeOffset.MinValue && f.DetectedAt >= killedAt ? f : null;
        if (Detected() is null && topologyName == SampleTopology.Sentinel && killedAt != DateTimeOffset.MinValue)
        {
            Say($"No failover detected yet; waiting up to {options.FailoverWait.TotalSeconds:0} s for the Sentinels...");
            var waited = Stopwatch.StartNew();
            while (Detected() is null && waited.Elapsed < options.FailoverWait)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        return Detected();
    }

    private async Task DriveAsync(HttpClient client, int worker, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / options.RequestsPerSecondPerWorker));
        var lastCreated = 0L;
        try
        {
            for (var i = 0; await timer.WaitForNextTickAsync(cancellationToken); i++)
            {
                if (i % options.PostEvery == options.PostEvery - 1)
                {
                    lastCreated = await SendAsync<long?>(
                        "POST /posts",
                        HttpStatusCode.Created,
                        () => client.PostAsJsonAsync(new Uri("/posts", UriKind.Relative), new NewPost($"chaos {worker}-{i}", "written under chaos")),
                        async response =>
                        {
                            var outcome = await response.Content.ReadFromJsonAsync<PublishOutcome>();
                            _postWrites.AddOrUpdate(outcome?.Cache ?? "?", 1, (_, n) => n + 1);
                            if (outcome?.Cache == "MemoryOnly")
                            {
                                _memoryOnlyWritesAt.Enqueue(_clock.Elapsed.TotalSeconds);
                            }

                            return outcome?.Post.Id ?? lastCreated;
                        }) ?? lastCreated;
                }
                else
                {
                    var path = (i % 5) switch
                    {
                        0 => "/posts/popular",
                        1 when lastCreated > 0 => $"/posts/{lastCreated}",
                        _ => $"/posts/{(i % 4) + 1}",
                    };
                    await SendAsync<long?>($"GET {path}", HttpStatusCode.OK, () => client.GetAsync(new Uri(path, UriKind.Relative)), _ => Task.FromResult<long?>(null));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Not cancelled by the end of the load: a request in flight then is measured to its end.
    private async Task<T?> SendAsync<T>(string request, HttpStatusCode expected, Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, Task<T?>> read)
    {
        Interlocked.Increment(ref _requests);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await send();
            var result = response.StatusCode == expected ? await read(response) : default;
            _latencies.Enqueue(watch.Elapsed.TotalMilliseconds);
            if (response.StatusCode != expected)
            {
                Fail($"{request} answered {(int)response.StatusCode} {response.StatusCode}");
            }

            return result;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            _latencies.Enqueue(watch.Elapsed.TotalMilliseconds);
            Fail($"{request} threw {ex.GetType().Name} after {watch.Elapsed.TotalMilliseconds:0} ms: {ex.Message}");
            return default;
        }
    }

    private void Fail(string description)
    {
        Interlocked.Increment(ref _failed);
        if (_failures.Count < FailuresKept)
        {
            _failures.Enqueue(description);
        }
    }

    private void Say(string line) => output.WriteLine($"[chaos] {line}");
}
