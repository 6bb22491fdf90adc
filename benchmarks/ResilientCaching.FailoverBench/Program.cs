using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ResilientCaching.FailoverBench;
using ResilientCaching.Testing;

// Failover under load: the same fixed-rate, open-loop load against three cache-aside contenders, each on a fresh
// Sentinel topology (master + 2 replicas + 3 Sentinels); the master is killed (kill -9) at mid-run.
var settings = Settings.Parse(args);
var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"Failover under load: {settings.Rate} ops/s for {settings.Seconds} s, {settings.Keys} keys, {settings.ReadPercent}% reads, 1 ms source, master killed at {settings.Seconds / 2.0:F1} s"));

var results = new List<RunResult>();
foreach (var name in settings.Contenders)
{
    await using var group = await RedisHarness.StartSentinelAsync(replicas: 2, sentinels: 3);
    var master = await group.GetMasterAsync();
    await using IContender contender = name switch
    {
        "ours" => new OursContender(group.SentinelConnectionString),
        "naive" => new NaiveContender(master.ConnectionString),
        "fusion" => new FusionContender(master.ConnectionString),
        _ => throw new ArgumentException($"Unknown contender '{name}' (ours, naive, fusion)."),
    };
    Console.WriteLine($"-- {contender.Name}: master {master.EndPoint}, sentinels {group.SentinelConnectionString}");
    await LoadRunner.WaitUntilWritesReachRedisAsync(contender);
    var result = await LoadRunner.RunAsync(contender, group, master, settings);
    results.Add(result);
    Console.WriteLine(string.Create(inv, $"   done: {result.Total} requests, {result.Failed} failed, failover announced {Report.Ms(result.FailoverAnnouncedMs)} after the kill"));
}

Report.Print(results, settings);
var directory = Report.Write(results, settings);
Console.WriteLine($"CSV and summary written to {directory}");

namespace ResilientCaching.FailoverBench
{
    internal sealed record Settings(int Rate, int Seconds, int Keys, int ReadPercent, IReadOnlyList<string> Contenders, string? Output)
    {
        public static Settings Parse(string[] args)
        {
            int rate = 200, seconds = 20, keys = 200, reads = 80;
            string? output = null;
            IReadOnlyList<string> contenders = ["ours", "naive", "fusion"];
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--rate": rate = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--seconds": seconds = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--keys": keys = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--reads": reads = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--only": contenders = value.Split(','); i++; break;
                    case "--out": output = value; i++; break;
                    default: throw new ArgumentException($"Unknown argument '{args[i]}' (--rate, --seconds, --keys, --reads, --only ours,naive,fusion, --out dir).");
                }
            }

            return new Settings(rate, seconds, keys, reads, contenders, output);
        }
    }

    internal readonly record struct Sample(double ScheduledMs, double CompletedMs, bool IsWrite, bool Ok, bool Stale, bool WroteRedis);

    internal sealed record RunResult(string Name, IReadOnlyList<Sample> Samples, int Unfinished, double KillMs, double? FailoverAnnouncedMs)
    {
        public int Total => Samples.Count + Unfinished;

        public int Failed => Samples.Count(s => !s.Ok) + Unfinished;

        public int StaleReads => Samples.Count(s => s.Stale);

        public int StaleReadsAfterKill => Samples.Count(s => s.Stale && s.ScheduledMs >= KillMs);

        /// <summary>From the kill to the completion of the first write that reached Redis and was issued after the kill.</summary>
        public double? WritesResumedMs
        {
            get
            {
                var after = Samples.Where(s => s.IsWrite && s.Ok && s.WroteRedis && s.ScheduledMs >= KillMs).Select(s => s.CompletedMs - KillMs).ToList();
                return after.Count == 0 ? null : after.Min();
            }
        }
    }

    internal static class LoadRunner
    {
        private static readonly string Body = string.Concat(Enumerable.Repeat("Redis data vanishes; masters die; connections freeze. ", 6));

        public static async Task WaitUntilWritesReachRedisAsync(IContender contender)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    if (await contender.WriteAsync("warmup", new Payload("warmup", 0, Body)))
                    {
                        return;
                    }
                }
                catch (Exception) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
                {
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(15))
                {
                    throw new InvalidOperationException($"{contender.Name} did not reach Redis within 15 s.");
                }

                await Task.Delay(50);
            }
        }

        public static async Task<RunResult> RunAsync(IContender contender, RedisSentinelGroup group, RedisServerNode master, Settings settings)
        {
            var versions = new ConcurrentDictionary<string, long>();

            // The newest version whose write had *completed* (the cache call returned): a read that starts after that
            // and returns something older is stale; a read overlapping a write still in progress is not.
            var completed = new ConcurrentDictionary<string, long>();
            var samples = new ConcurrentQueue<Sample>();
            var random = new Random(42); // same operation sequence for every contender
            var total = settings.Rate * settings.Seconds;
            var maxInFlight = settings.Rate * 10;
            var inFlight = 0;
            var clock = Stopwatch.StartNew();
            var killMs = settings.Seconds * 1000.0 / 2;
            double? failoverMs = null;

            var chaos = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(killMs));
                killMs = clock.Elapsed.TotalMilliseconds;
                await master.KillAsync();
                try
                {
                    await group.WaitForFailoverAsync(master, TimeSpan.FromSeconds(30));
                    failoverMs = clock.Elapsed.TotalMilliseconds - killMs;
                }
                catch (Exception e)
                {
                    Console.WriteLine($"   failover not observed: {e.GetType().Name}: {e.Message}");
                }
            });

            async Task SourceDelay(CancellationToken ct) => await Task.Delay(1, ct);

            async Task Operation(double scheduledMs, bool isWrite, string key)
            {
                var ok = false;
                var stale = false;
                var wroteRedis = false;
                try
                {
                    if (Interlocked.Increment(ref inFlight) > maxInFlight)
                    {
                        return; // shed: counted as failed
                    }

                    if (isWrite)
                    {
                        var version = versions.AddOrUpdate(key, 1, (_, v) => v + 1);
                        wroteRedis = await contender.WriteAsync(key, new Payload(key, version, Body));
                        completed.AddOrUpdate(key, version, (_, v) => Math.Max(v, version));
                    }
                    else
                    {
                        var expected = completed.GetValueOrDefault(key);
                        var value = await contender.ReadAsync(key, async ct =>
                        {
                            await SourceDelay(ct);
                            return new Payload(key, versions.GetValueOrDefault(key), Body);
                        });
                        stale = value.Version < expected;
                    }

                    ok = true;
                }
                catch (Exception)
                {
                    ok = false;
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                    samples.Enqueue(new Sample(scheduledMs, clock.Elapsed.TotalMilliseconds, isWrite, ok, stale, wroteRedis));
                }
            }

            var operations = new List<Task>(total);
            for (var i = 0; i < total; i++)
            {
                var scheduledMs = i * 1000.0 / settings.Rate;
                var wait = scheduledMs - clock.Elapsed.TotalMilliseconds;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait));
                }

                var isWrite = random.Next(100) >= settings.ReadPercent;
                var key = "post:" + random.Next(settings.Keys).ToString(CultureInfo.InvariantCulture);
                operations.Add(Task.Run(() => Operation(scheduledMs, isWrite, key)));
            }

            // Bounded: whatever has not finished 15 s after the last operation was issued counts as failed.
            var all = Task.WhenAll(operations);
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(15)));
            var unfinished = operations.Count(t => !t.IsCompleted);
            await chaos;
            return new RunResult(contender.Name, [.. samples], unfinished, killMs, failoverMs);
        }
    }

    internal static class Report
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public static string Ms(double? ms) => ms is { } v ? v.ToString("F0", Inv) + " ms" : "never";

        public static double Percentile(IReadOnlyList<double> sorted, double p) =>
            sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

        private static List<double> Latencies(IEnumerable<Sample> samples) =>
            [.. samples.Select(s => s.CompletedMs - s.ScheduledMs).Order()];

        public static void Print(IReadOnlyList<RunResult> results, Settings settings)
        {
            Console.WriteLine();
            Console.WriteLine(Table(results));
            foreach (var r in results)
            {
                var series = string.Join(" ", PerSecond(r, settings).Select(row => row.P99.ToString("F0", Inv)));
                Console.WriteLine($"p99 per second (ms), {r.Name}: {series}");
            }
        }

        public static string Table(IReadOnlyList<RunResult> results)
        {
            var sb = new StringBuilder();
            sb.AppendLine("| Contender | Requests | Failed | p50 | p99 | max | p99 reads / writes | Writes to Redis resumed after kill | Failover announced after kill | Stale reads (after kill) |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results)
            {
                var lat = Latencies(r.Samples);
                var reads = Latencies(r.Samples.Where(s => !s.IsWrite));
                var writes = Latencies(r.Samples.Where(s => s.IsWrite));
                sb.AppendLine(string.Create(Inv,
                    $"| {r.Name} | {r.Total} | {r.Failed} ({100.0 * r.Failed / r.Total:F1} %) | {Percentile(lat, 0.50):F2} ms | {Percentile(lat, 0.99):F1} ms | {lat.LastOrDefault():F0} ms | {Percentile(reads, 0.99):F1} / {Percentile(writes, 0.99):F1} ms | {Ms(r.WritesResumedMs)} | {Ms(r.FailoverAnnouncedMs)} | {r.StaleReads} ({r.StaleReadsAfterKill}) |"));
            }

            return sb.ToString();
        }

        public static IEnumerable<(int Second, int Requests, int Failed, double P50, double P99, double Max, int Stale, int RedisWrites)> PerSecond(RunResult r, Settings settings)
        {
            for (var second = 0; second < settings.Seconds; second++)
            {
                var rows = r.Samples.Where(s => (int)(s.ScheduledMs / 1000) == second).ToList();
                var lat = Latencies(rows);
                yield return (second, rows.Count, rows.Count(s => !s.Ok), Percentile(lat, 0.5), Percentile(lat, 0.99), lat.LastOrDefault(), rows.Count(s => s.Stale), rows.Count(s => s.WroteRedis));
            }
        }

        public static string Write(IReadOnlyList<RunResult> results, Settings settings)
        {
            var directory = settings.Output ?? Path.Combine(FindRepositoryRoot(), "benchmarks", "results", "failover");
            Directory.CreateDirectory(directory);
            var csv = new StringBuilder("contender,second,requests,failed,p50_ms,p99_ms,max_ms,stale_reads,writes_to_redis,kill_at_s\n");
            foreach (var r in results)
            {
                foreach (var row in PerSecond(r, settings))
                {
                    csv.AppendLine(string.Create(Inv, $"\"{r.Name}\",{row.Second},{row.Requests},{row.Failed},{row.P50:F3},{row.P99:F3},{row.Max:F3},{row.Stale},{row.RedisWrites},{r.KillMs / 1000:F3}"));
                }
            }

            File.WriteAllText(Path.Combine(directory, "per-second.csv"), csv.ToString());
            File.WriteAllText(Path.Combine(directory, "summary.md"), Table(results));
            return directory;
        }

        private static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Caching.sln")))
                {
                    return dir.FullName;
                }
            }

            return Directory.GetCurrentDirectory();
        }
    }
}
