using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Time.Testing;
using ResilientCaching.Storage;

namespace ResilientCaching.Tests.Storage;

/// <summary>The memory level's clock: exact on a fake provider; on the system clock, never behind the true time and only a little ahead.</summary>
public sealed class MemoryClockUnitTests
{
    [Fact]
    public void A_fake_provider_is_read_exactly_also_through_the_clock_MemoryCache_gets()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var clock = new MemoryClock(time);

        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), clock.UnixMilliseconds);
        time.Advance(TimeSpan.FromMilliseconds(1234));
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), clock.UnixMilliseconds);
        Assert.Equal(time.GetUtcNow(), ((ISystemClock)clock).UtcNow);
    }

    [Fact]
    public async Task On_the_system_clock_it_is_never_behind_the_wall_clock_and_at_most_a_tick_plus_the_lead_ahead()
    {
        var clock = new MemoryClock(TimeProvider.System);
        var end = Environment.TickCount64 + 2500;   // across at least two re-anchors
        var readings = 0;
        while (Environment.TickCount64 < end)
        {
            var before = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var read = clock.UnixMilliseconds;
            var after = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

            // Not behind: an entry is never fresh after its expiry. Ahead by the 16 ms lead plus one OS tick at most
            // (the bound allows a 16 ms tick and a descheduled thread between the reads).
            Assert.True(read >= before, $"the clock read {read}, the wall clock was already {before}");
            Assert.True(read <= after + 16 + 16 + 20, $"the clock read {read}, {read - after} ms ahead of the wall clock");
            if (++readings % 1000 == 0)
            {
                await Task.Delay(1);
            }
        }
    }
}
