using System.Collections.Concurrent;
using ResilientCaching;

namespace PopularPosts.Telemetry;

/// <summary>The failovers the cache followed since start-up (<see cref="IRedisTopologyView.FailoverDetected"/>), newest first.</summary>
public sealed class FailoverHistory(IRedisTopologyView topology) : IHostedService
{
    private const int Kept = 20;
    private readonly ConcurrentQueue<RedisFailover> _failovers = new();

    /// <summary>Gets the failovers seen, newest first (at most 20), including <see cref="IRedisTopologyView.LastFailover"/>.</summary>
    public IReadOnlyList<RedisFailover> All
    {
        get
        {
            var seen = _failovers.ToList();
            if (topology.LastFailover is { } last && !seen.Contains(last))
            {
                seen.Add(last);
            }

            return [.. seen.OrderByDescending(f => f.DetectedAt)];
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        topology.FailoverDetected += Add;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        topology.FailoverDetected -= Add;
        return Task.CompletedTask;
    }

    private void Add(RedisFailover failover)
    {
        _failovers.Enqueue(failover);
        while (_failovers.Count > Kept && _failovers.TryDequeue(out _))
        {
        }
    }
}
