namespace ResilientCaching.Tests.Infrastructure;

/// <summary>A source of truth that counts its calls.</summary>
internal sealed class CountingFactory<T>(Func<int, T> produce)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<T> InvokeAsync(CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return new ValueTask<T>(produce(call));
    }
}
