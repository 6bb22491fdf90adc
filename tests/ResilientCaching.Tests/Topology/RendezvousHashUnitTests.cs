using ResilientCaching.Topology;

namespace ResilientCaching.Tests.Topology;

/// <summary>Rendezvous hashing spreads keys evenly and moves about 1/N of them when a shard is added.</summary>
public sealed class RendezvousHashUnitTests
{
    private static readonly string[] s_keys = [.. Enumerable.Range(0, 20_000).Select(i => $"post:{i}")];

    [Fact]
    public void Keys_spread_evenly_over_the_shards()
    {
        var hash = new RendezvousHash(["10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379"]);

        var counts = s_keys.GroupBy(hash.Pick).Select(g => g.Count()).ToList();

        Assert.Equal(3, counts.Count);
        Assert.All(counts, c => Assert.InRange(c, 6_000, 7_400));
    }

    [Fact]
    public void Adding_a_fourth_shard_moves_about_a_quarter_of_the_keys_all_to_the_new_shard()
    {
        var three = new RendezvousHash(["a:6379", "b:6379", "c:6379"]);
        var four = new RendezvousHash(["a:6379", "b:6379", "c:6379", "d:6379"]);

        var moved = s_keys.Where(k => three.Pick(k) != four.Pick(k)).ToList();
        var fraction = (double)moved.Count / s_keys.Length;

        Assert.InRange(fraction, 0.22, 0.28);
        Assert.All(moved, k => Assert.Equal(3, four.Pick(k)));
    }

    [Fact]
    public void Removing_a_shard_moves_only_its_keys()
    {
        var three = new RendezvousHash(["a:6379", "b:6379", "c:6379"]);
        var two = new RendezvousHash(["a:6379", "c:6379"]);

        foreach (var key in s_keys.Where(k => three.Pick(k) != 1))
        {
            Assert.Equal(three.Pick(key) == 0 ? 0 : 1, two.Pick(key));
        }
    }

    [Fact]
    public void The_same_shard_ids_always_give_the_same_answer()
    {
        var a = new RendezvousHash(["x", "y"]);
        var b = new RendezvousHash(["x", "y"]);

        Assert.All(s_keys.Take(1000), k => Assert.Equal(a.Pick(k), b.Pick(k)));
    }
}
