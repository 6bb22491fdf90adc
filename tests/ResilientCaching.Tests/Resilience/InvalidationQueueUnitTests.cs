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
        Assert.True(queue.TryPeek(out var head, out var generation));
        Assert.Equal("b", head);
        queue.Complete(head, generation);
        Assert.True(queue.TryPeek(out head, out generation));
        Assert.Equal("c", head);
        queue.Complete(head, generation);
        Assert.False(queue.TryPeek(out _, out _));
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

        Assert.True(queue.TryPeek(out var head, out var generation));
        Assert.Equal("a", head);
        queue.Complete(head, generation);
        Assert.False(queue.TryPeek(out _, out _));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_hot_failing_key_takes_one_place_and_never_pushes_others_out()
    {
        var queue = new InvalidationQueue(capacity: 2);
        queue.Enqueue("z");
        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(queue.Enqueue("hot"));
        }

        Assert.Equal(2, queue.Count);
        Assert.Equal(0, queue.Dropped);
        Assert.True(queue.TryPeek(out var head, out _));
        Assert.Equal("z", head);
    }

    [Fact]
    public void Completing_a_key_requeued_meanwhile_keeps_it_pending()
    {
        var queue = new InvalidationQueue(capacity: 10);
        queue.Enqueue("k");
        Assert.True(queue.TryPeek(out _, out var inFlight));
        queue.Supersede("k");
        queue.Enqueue("k");

        queue.Complete("k", inFlight);

        Assert.Equal(1, queue.Count);
        Assert.True(queue.TryPeek(out var head, out _));
        Assert.Equal("k", head);
    }
}
