namespace PopularPosts.Chaos;

/// <summary>What a <see cref="ChaosRun"/> launches and how hard it drives it.</summary>
public sealed record ChaosOptions
{
    /// <summary>Gets the topology to launch. Default <c>sentinel</c>.</summary>
    public string Topology { get; init; } = SampleTopology.Default;

    /// <summary>Gets how long the load runs. Default 20 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets when, into the load, the master is killed; <see langword="null"/>: a quarter of <see cref="Duration"/>.</summary>
    public TimeSpan? KillAfter { get; init; }

    /// <summary>Gets how many concurrent client loops run. Default 4.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Gets each loop's fixed request rate, per second. Default 25 (100 requests/s in all with 4 loops).</summary>
    public int RequestsPerSecondPerWorker { get; init; } = 25;

    /// <summary>Gets how often a loop creates a post: one request in this many is <c>POST /posts</c>. Default 20.</summary>
    public int PostEvery { get; init; } = 20;

    /// <summary>Gets how long one request may take before it counts as failed. Default 5 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long to wait after the load for a failover not yet detected (Sentinel only). Default 10 s.</summary>
    public TimeSpan FailoverWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets further app arguments (configuration keys), e.g. <c>--ResilientCache:OperationTimeout=00:00:00.200</c>.</summary>
    public IReadOnlyList<string> AppArguments { get; init; } = [];

    /// <summary>Gets the effective kill time.</summary>
    public TimeSpan EffectiveKillAfter => KillAfter ?? Duration / 4;
}
