namespace ResilientCaching.Topology;

/// <summary>
/// Recent (time, master replication offset) samples, to turn a replica's offset into a lag in time: how long ago the
/// master was at the offset the replica has reached. Pure logic; time is a <see cref="TimeProvider"/> timestamp.
/// </summary>
internal sealed class MasterOffsetHistory(int capacity)
{
    private readonly (long Timestamp, long Offset)[] _samples = new (long, long)[capacity];
    private int _next;
    private int _count;

    public int Count => _count;

    public void Add(long timestamp, long offset)
    {
        if (_count > 0 && offset < _samples[(_next - 1 + _samples.Length) % _samples.Length].Offset)
        {
            // The offset went back: a new replication history (the master restarted empty, or another node took over).
            Clear();
        }

        _samples[_next] = (timestamp, offset);
        _next = (_next + 1) % _samples.Length;
        _count = Math.Min(_count + 1, _samples.Length);
    }

    /// <summary>Forgets every sample (the master changed: offsets of another history are not comparable).</summary>
    public void Clear()
    {
        _next = 0;
        _count = 0;
    }

    /// <summary>
    /// The lag, at <paramref name="at"/>, of a node whose offset is <paramref name="replicaOffset"/>: zero when it has
    /// everything the master had; otherwise the time since the master first went past that offset, interpolated between
    /// the two samples around it (accurate to about one sampling interval). When the replica is behind every sample,
    /// <see cref="TimeSpan.MaxValue"/>: unknown, and so never within a lag bound.
    /// </summary>
    public TimeSpan LagAt(long replicaOffset, long at, long timestampFrequency)
    {
        if (_count == 0)
        {
            return TimeSpan.Zero;
        }

        var oldest = (_next - _count + _samples.Length) % _samples.Length;
        (long Timestamp, long Offset) previous = default;
        for (var i = 0; i < _count; i++)
        {
            var sample = _samples[(oldest + i) % _samples.Length];
            if (sample.Offset > replicaOffset)
            {
                if (i == 0)
                {
                    // Behind every sample: how far behind is unknown (a young history after start-up or a failover
                    // says nothing about a replica that has been behind for longer). Never eligible for reads.
                    return TimeSpan.MaxValue;
                }

                var fraction = (double)(replicaOffset - previous.Offset) / (sample.Offset - previous.Offset);
                var passedAt = previous.Timestamp + ((sample.Timestamp - previous.Timestamp) * Math.Clamp(fraction, 0, 1));

                var ticks = (at - passedAt) / timestampFrequency;
                return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(ticks);
            }

            previous = sample;
        }

        return TimeSpan.Zero;
    }
}
