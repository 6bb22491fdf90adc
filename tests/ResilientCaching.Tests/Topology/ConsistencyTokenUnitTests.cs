namespace ResilientCaching.Tests.Topology;

public sealed class ConsistencyTokenUnitTests
{
    [Fact]
    public void Round_trips_through_text_and_rejects_garbage()
    {
        var token = new ConsistencyToken(123456);

        Assert.Equal("o123456", token.ToString());
        Assert.True(ConsistencyToken.TryParse(token.ToString(), out var parsed));
        Assert.Equal(token, parsed);
        Assert.False(ConsistencyToken.TryParse("123", out _));
        Assert.False(ConsistencyToken.TryParse("o-1", out _));
        Assert.False(ConsistencyToken.TryParse("ox", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsistencyToken(-1));
    }

    [Fact]
    public void Max_keeps_the_newest()
    {
        Assert.Equal(new ConsistencyToken(5), ConsistencyToken.Max(new ConsistencyToken(5), new ConsistencyToken(3)));
        Assert.Equal(new ConsistencyToken(3), ConsistencyToken.Max(null, new ConsistencyToken(3)));
        Assert.Null(ConsistencyToken.Max(null, null));
    }

    [Fact]
    public async Task Scope_flows_through_awaits_and_nests()
    {
        Assert.Null(ConsistencyScope.Current);
        using (var outer = ConsistencyScope.Begin(new ConsistencyToken(10)))
        {
            await Task.Yield();
            Assert.Same(outer, ConsistencyScope.Current);
            using (var inner = ConsistencyScope.Begin())
            {
                inner.Observe(new ConsistencyToken(20));
                inner.Observe(new ConsistencyToken(15));
                Assert.Equal(new ConsistencyToken(20), inner.Token);
            }

            Assert.Same(outer, ConsistencyScope.Current);
            Assert.Equal(new ConsistencyToken(10), outer.Token);
        }

        Assert.Null(ConsistencyScope.Current);
    }
}
