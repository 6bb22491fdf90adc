namespace PopularPosts;

/// <summary>
/// <c>POST /chaos/master/{kill|pause|resume|restart}</c> and <c>POST /chaos/replication/{hold|release}</c>: faults on
/// the Redis the sample launched. 404 when not applicable (no launched topology, or no replication proxies), 409 when
/// the current state does not allow it (e.g. resume with nothing paused).
/// </summary>
public static class ChaosEndpoints
{
    /// <summary>Maps the chaos endpoints.</summary>
    /// <param name="app">The endpoint builder.</param>
    /// <returns>The endpoint builder.</returns>
    public static IEndpointRouteBuilder MapChaosEndpoints(this IEndpointRouteBuilder app)
    {
        var chaos = app.MapGroup("/chaos");
        chaos.MapPost("/master/kill", (HttpContext c, CacheMode mode) => RunAsync(c, mode, "master/kill", (local, ct) => local.KillMasterAsync(ct)));
        chaos.MapPost("/master/pause", (HttpContext c, CacheMode mode) => RunAsync(c, mode, "master/pause", (local, ct) => local.PauseMasterAsync(ct)));
        chaos.MapPost("/master/resume", (HttpContext c, CacheMode mode) => RunAsync(c, mode, "master/resume", (local, ct) => local.ResumeMasterAsync(ct)));
        chaos.MapPost("/master/restart", (HttpContext c, CacheMode mode) => RunAsync(c, mode, "master/restart", (local, ct) => local.RestartMasterAsync(ct)));
        chaos.MapPost("/replication/hold", (HttpContext c, CacheMode mode, int? replica) => RunAsync(c, mode, "replication/hold", (local, ct) => local.HoldReplicationAsync(replica ?? 0, ct)));
        chaos.MapPost("/replication/release", (HttpContext c, CacheMode mode, int? replica) => RunAsync(c, mode, "replication/release", (local, ct) => local.ReleaseReplicationAsync(replica ?? 0, ct)));
        return app;
    }

    private static async Task<IResult> RunAsync(HttpContext context, CacheMode mode, string action, Func<LocalRedis, CancellationToken, Task<ChaosOutcome>> act)
    {
        var local = context.RequestServices.GetService<LocalRedis>();
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PopularPosts.Chaos");
        ChaosOutcome outcome;
        if (local is null)
        {
            outcome = new ChaosOutcome(
                StatusCodes.Status404NotFound,
                action,
                $"No launched Redis to act on: this run uses {mode.Topology} ({mode.Description}). Start the sample with --topology {string.Join('|', SampleTopology.Launchable)}.",
                null);
        }
        else
        {
            // Not the request's token: a fault half-applied because the browser went away helps nobody.
            outcome = await act(local, CancellationToken.None);
        }

        if (outcome.StatusCode == StatusCodes.Status200OK)
        {
            logger.LogWarning("Chaos {Action}: {Message}", outcome.Action, outcome.Message);
        }

        return Results.Json(outcome, statusCode: outcome.StatusCode);
    }
}
