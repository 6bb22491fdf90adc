using ResilientCaching.Topology;

namespace ResilientCaching.Tests.Topology;

/// <summary>Which node serves a read (pure logic over a snapshot).</summary>
public sealed class ReadRouterUnitTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_maxAge = TimeSpan.FromSeconds(2);

    [Fact]
    public void Master_preference_reads_the_master_while_it_is_up()
    {
        var route = Choose(Snapshot(Replica("r1", lagMs: 0)), masterAvailable: true, ReadPreference.Master);

        Assert.Equal(ReadRouteKind.Master, route.Kind);
    }

    [Fact]
    public void Prefer_replica_takes_a_replica_within_the_bound_with_its_link_up()
    {
        var route = Choose(Snapshot(Replica("r1", lagMs: 2000), Replica("r2", lagMs: 100), Replica("r3", lagMs: 0, linkUp: false)), true, ReadPreference.PreferReplica);

        Assert.Equal(ReadRouteKind.Replica, route.Kind);
        Assert.Equal("r2", route.Replica!.EndPoint);
    }

    [Fact]
    public void Prefer_replica_falls_back_to_the_master_when_every_replica_lags()
    {
        var route = Choose(Snapshot(Replica("r1", lagMs: 2000)), true, ReadPreference.PreferReplica);

        Assert.Equal(ReadRouteKind.Master, route.Kind);
        Assert.Equal("replica_lagging", route.Reason);
    }

    [Fact]
    public void Replica_only_with_no_eligible_replica_is_no_route()
    {
        Assert.Equal(ReadRouteKind.None, Choose(Snapshot(Replica("r1", lagMs: 2000)), true, ReadPreference.ReplicaOnly).Kind);
    }

    [Fact]
    public void A_token_excludes_replicas_that_have_not_reached_it()
    {
        var snapshot = Snapshot(Replica("r1", lagMs: 0, offset: 90), Replica("r2", lagMs: 0, offset: 120));

        var route = Choose(snapshot, true, ReadPreference.PreferReplica, new ConsistencyToken(100));
        Assert.Equal("r2", route.Replica!.EndPoint);

        Assert.Equal(ReadRouteKind.Master, Choose(snapshot, true, ReadPreference.PreferReplica, new ConsistencyToken(200)).Kind);
    }

    [Fact]
    public void Master_down_reads_any_recent_replica_past_the_bound_marked_stale_but_honours_the_token()
    {
        var snapshot = Snapshot(Replica("r1", lagMs: 60_000, linkUp: false, offset: 100));

        var route = Choose(snapshot, masterAvailable: false, ReadPreference.Master);
        Assert.Equal(ReadRouteKind.StaleReplica, route.Kind);
        Assert.True(route.IsStale);
        Assert.Equal("master_down", route.Reason);

        Assert.Equal(ReadRouteKind.None, Choose(snapshot, false, ReadPreference.PreferReplica, new ConsistencyToken(150)).Kind);
    }

    [Fact]
    public void Replicas_not_seen_recently_are_not_trusted()
    {
        var old = Replica("r1", lagMs: 0) with { LastSeen = s_now - TimeSpan.FromSeconds(10) };

        Assert.Equal(ReadRouteKind.Master, Choose(Snapshot(old), true, ReadPreference.PreferReplica).Kind);
        Assert.Equal(ReadRouteKind.None, Choose(Snapshot(old), false, ReadPreference.PreferReplica).Kind);
    }

    [Fact]
    public void Reads_spread_over_eligible_replicas()
    {
        var snapshot = Snapshot(Replica("r1", lagMs: 0), Replica("r2", lagMs: 0));

        var chosen = Enumerable.Range(0, 10).Select(i => ReadRouter.Choose(snapshot, true, ReadPreference.PreferReplica, TimeSpan.FromSeconds(1), null, s_now, s_maxAge, i).Replica!.EndPoint).ToList();

        Assert.Equal(5, chosen.Count(e => e == "r1"));
        Assert.Equal(5, chosen.Count(e => e == "r2"));
    }

    private static ReadRoute Choose(RedisTopologySnapshot snapshot, bool masterAvailable, ReadPreference preference, ConsistencyToken? token = null)
        => ReadRouter.Choose(snapshot, masterAvailable, preference, TimeSpan.FromSeconds(1), token, s_now, s_maxAge, spread: 0);

    private static RedisTopologySnapshot Snapshot(params RedisNodeStatus[] replicas)
        => new([new RedisNodeStatus { EndPoint = "m", Role = RedisNodeRole.Master, IsReachable = true, LastSeen = s_now, ReplicationOffset = 1000 }, .. replicas], s_now);

    private static RedisNodeStatus Replica(string endPoint, int lagMs, bool linkUp = true, long offset = 1000) => new()
    {
        EndPoint = endPoint,
        Role = RedisNodeRole.Replica,
        IsReachable = true,
        IsMasterLinkUp = linkUp,
        ReplicationOffset = offset,
        Lag = TimeSpan.FromMilliseconds(lagMs),
        LastSeen = s_now,
    };
}
