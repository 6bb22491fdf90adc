using PopularPosts;
using PopularPosts.Chaos;

// The seed's story: posts in SQLite (the source of truth), read through a resilient cache over Redis.
//   dotnet run --project samples/PopularPosts                              master + 2 replicas + 3 Sentinels, launched locally (memory only without redis-server)
//   dotnet run --project samples/PopularPosts -- --topology standalone     none | standalone | replication | sentinel | cluster | sharded
//   dotnet run --project samples/PopularPosts -- --redis host:port         an existing Redis
//   dotnet run --project samples/PopularPosts -- chaos [--seconds 20]      load + a master kill, then a summary (exit code 1 if a request failed)
// Status page at http://127.0.0.1:5080/, Prometheus metrics at /metrics, chaos at POST /chaos/master/kill (and more).
if (args is ["chaos", ..])
{
    return await ChaosCommand.RunAsync(args[1..]);
}

var app = await PopularPostsApp.BuildAsync(args);
await app.RunAsync();
return 0;

/// <summary>The sample's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
