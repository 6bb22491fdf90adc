using Microsoft.Extensions.Internal;

namespace ResilientCaching.Storage;

/// <summary>
/// The clock of the memory level's hot path. A wall-clock read costs about 30 ns on a VM (measured: as much as the
/// rest of a <c>MemoryCache</c> lookup, which reads the clock too), so on <see cref="TimeProvider.System"/> this clock
/// reads <see cref="Environment.TickCount64"/> (a few ns) anchored to the wall clock and re-anchored every second.
/// <para>
/// The tick count is coarse (one scheduler tick: 1–16 ms by OS), so the anchor is set <see cref="Lead"/> ahead of the
/// wall clock: this clock never reads earlier than the true time, and a memory entry is never served as fresh after
/// its expiry — at worst it turns stale up to two ticks early and is read from Redis again. Any other
/// <see cref="TimeProvider"/> (a fake one in tests) is read directly, exactly.
/// </para>
/// </summary>
internal sealed class MemoryClock : ISystemClock
{
    /// <summary>How far ahead of the wall clock the anchor is set: at least one tick of the coarsest OS (Windows, 15.6 ms).</summary>
    private const long Lead = 16;

    private const long ReanchorAfterMilliseconds = 1000;

    private readonly TimeProvider _time;
    private readonly bool _coarse;
    private Anchor _anchor;

    public MemoryClock(TimeProvider time)
    {
        _time = time;
        _coarse = ReferenceEquals(time, TimeProvider.System);
        _anchor = Anchor.Take(time);
    }

    /// <summary>Gets now in Unix milliseconds; never earlier than the true time (up to <see cref="Lead"/> plus one tick later).</summary>
    public long UnixMilliseconds
    {
        get
        {
            if (!_coarse)
            {
                return _time.GetUtcNow().ToUnixTimeMilliseconds();
            }

            var anchor = Volatile.Read(ref _anchor);
            var elapsed = Environment.TickCount64 - anchor.Tick;
            return (ulong)elapsed < ReanchorAfterMilliseconds ? anchor.UnixMilliseconds + elapsed : Reanchor();
        }
    }

    /// <inheritdoc/>
    DateTimeOffset ISystemClock.UtcNow => DateTimeOffset.FromUnixTimeMilliseconds(UnixMilliseconds);

    /// <summary>Re-reads the wall clock (it may have been adjusted; the tick count drifts from it by up to 0.5 ms/s).</summary>
    private long Reanchor()
    {
        var anchor = Anchor.Take(_time);
        Volatile.Write(ref _anchor, anchor);
        return anchor.UnixMilliseconds;
    }

    /// <summary>A wall-clock reading (plus the lead) and the tick count taken with it.</summary>
    private sealed class Anchor(long unixMilliseconds, long tick)
    {
        public long UnixMilliseconds { get; } = unixMilliseconds;

        public long Tick { get; } = tick;

        public static Anchor Take(TimeProvider time)
            => new(time.GetUtcNow().ToUnixTimeMilliseconds() + Lead, Environment.TickCount64);
    }
}
