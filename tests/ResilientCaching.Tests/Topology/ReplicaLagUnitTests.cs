using ResilientCaching.Topology;

namespace ResilientCaching.Tests.Topology;

/// <summary>Lag in time from master offset samples (pure logic; timestamps in milliseconds).</summary>
public sealed class ReplicaLagUnitTests
{
    private const long Frequency = 1000;

    [Fact]
    public void A_replica_with_everything_the_master_had_has_no_lag()
    {
        var history = History((0, 100), (500, 200), (1000, 300));

        Assert.Equal(TimeSpan.Zero, history.LagAt(300, 1000, Frequency));
        Assert.Equal(TimeSpan.Zero, history.LagAt(350, 1000, Frequency));
    }

    [Fact]
    public void Lag_is_the_time_since_the_master_passed_the_replica_offset_interpolated()
    {
        // The master went from 100 to 200 between t=0 and t=500: it passed 150 at t=250.
        var history = History((0, 100), (500, 200), (1000, 300));

        Assert.Equal(TimeSpan.FromMilliseconds(750), history.LagAt(150, 1000, Frequency));
        Assert.Equal(TimeSpan.FromMilliseconds(500), history.LagAt(200, 1000, Frequency));
    }

    [Fact]
    public void A_replica_stuck_while_the_master_moves_lags_more_and_more()
    {
        var history = History((0, 100), (500, 100), (1000, 150), (1500, 200), (2000, 250));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), history.LagAt(100, 2000, Frequency));
        history.Add(2500, 300);
        Assert.Equal(TimeSpan.FromMilliseconds(2000), history.LagAt(100, 2500, Frequency));
    }

    [Fact]
    public void Behind_every_sample_is_unknown_lag_never_within_a_bound()
    {
        var history = History((1000, 500), (1500, 600));

        Assert.Equal(TimeSpan.MaxValue, history.LagAt(10, 2000, Frequency));
    }

    [Fact]
    public void The_history_is_bounded_and_clearable()
    {
        var history = new MasterOffsetHistory(capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            history.Add(i * 100, i * 10);
        }

        Assert.Equal(3, history.Count);
        Assert.Equal(TimeSpan.MaxValue, history.LagAt(0, 1000, Frequency));
        Assert.Equal(TimeSpan.FromMilliseconds(150), history.LagAt(75, 900, Frequency));
        history.Clear();
        Assert.Equal(TimeSpan.Zero, history.LagAt(0, 1000, Frequency));
    }

    [Fact]
    public void An_offset_going_back_starts_a_new_history()
    {
        var history = History((0, 100_000), (500, 200_000));

        history.Add(1000, 50);

        Assert.Equal(1, history.Count);
        Assert.Equal(TimeSpan.Zero, history.LagAt(50, 1000, Frequency));
    }

    [Fact]
    public void Parses_INFO_replication_of_a_master_and_a_replica()
    {
        var master = ReplicationInfo.Parse("# Replication\r\nrole:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=7001,state=online,offset=420,lag=0\r\nmaster_repl_offset:420\r\n");
        var replica = ReplicationInfo.Parse("# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_link_status:down\r\nmaster_link_down_since_seconds:7\r\nslave_repl_offset:400\r\nmaster_repl_offset:400\r\n");

        Assert.Equal(new ReplicationInfo(RedisNodeRole.Master, 420, null, null), master);
        Assert.Equal(new ReplicationInfo(RedisNodeRole.Replica, 400, false, 7), replica);
    }

    private static MasterOffsetHistory History(params (long Time, long Offset)[] samples)
    {
        var history = new MasterOffsetHistory(capacity: 16);
        foreach (var (time, offset) in samples)
        {
            history.Add(time, offset);
        }

        return history;
    }
}
