using Microsoft.Extensions.Time.Testing;
using ResilientCaching.Resilience;

namespace ResilientCaching.Tests.Resilience;

/// <summary>The keys written within the failover window: what is listed and what <c>Contains</c> answers, on a fake clock.</summary>
public sealed class RecentWritesUnitTests
{
    [Fact]
    public void A_key_is_recent_for_the_window_after_its_last_write_and_listed_once()
    {
        var time = new FakeTimeProvider();
        var recent = new RecentWrites(TimeSpan.FromSeconds(10), capacity: 100, time);

        recent.Record("a");
        time.Advance(TimeSpan.FromSeconds(6));
        recent.Record("a");
        recent.Record("b");
        Assert.True(recent.Contains("a"));
        Assert.False(recent.Contains("c"));
        Assert.Equal(["a", "b"], recent.Snapshot().Order(StringComparer.Ordinal));

        // The first write of "a" leaves the window; its second keeps the key recent.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["a", "b"], recent.Snapshot().Order(StringComparer.Ordinal));
        Assert.True(recent.Contains("a"));

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(recent.Contains("a"));
        Assert.False(recent.Contains("b"));
        Assert.Empty(recent.Snapshot());
    }

    [Fact]
    public void Beyond_the_capacity_the_oldest_writes_are_forgotten()
    {
        var time = new FakeTimeProvider();
        var recent = new RecentWrites(TimeSpan.FromSeconds(10), capacity: 2, time);

        recent.Record("a");
        recent.Record("b");
        recent.Record("c");

        Assert.False(recent.Contains("a"));
        Assert.True(recent.Contains("b"));
        Assert.True(recent.Contains("c"));
        Assert.Equal(["b", "c"], recent.Snapshot().Order(StringComparer.Ordinal));
    }
}
