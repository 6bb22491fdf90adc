using ResilientCaching.Resilience;

namespace ResilientCaching.Tests.Resilience;

public sealed class InvalidationQueueUnitTests
{
    [Fact]
    public void Keeps_order_and_drops_the_oldest_beyond_capacity()
    {
        var queue = new InvalidationQueue(capacity: 2);

        Assert.Null(queue.Enqueue("a"));
        Assert.Null(queue.Enqueue("b"));
        Assert.Equal("a", queue.Enqueue("c"));

        Assert.Equal(2, queue.Count);
        Assert.Equal(1, queue.Dropped);
        Assert.True(queue.TryPeek(out var head));
        Assert.Equal("b", head);
        queue.Complete();
        Assert.True(queue.TryPeek(out head));
        Assert.Equal("c", head);
        queue.Complete();
        Assert.False(queue.TryPeek(out _));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Concurrent_producers_never_exceed_the_capacity()
    {
        var queue = new InvalidationQueue(capacity: 100);

        Parallel.For(0, 10_000, i => queue.Enqueue("k" + i));

        Assert.Equal(100, queue.Count);
        Assert.Equal(9_900, queue.Dropped);
    }

    [Fact]
    public void A_later_successful_write_supersedes_the_pending_deletion_and_requeueing_dedupes()
    {
        var queue = new InvalidationQueue(capacity: 10);
        queue.Enqueue("a");
        queue.Enqueue("b");
        queue.Enqueue("a");
        queue.Supersede("b");

        Assert.True(queue.TryPeek(out var head));
        Assert.Equal("a", head);
        queue.Complete();
        Assert.False(queue.TryPeek(out _));
        Assert.Equal(0, queue.Count);
    }
}
