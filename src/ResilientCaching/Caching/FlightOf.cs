namespace ResilientCaching.Caching;

/// <summary>A <see cref="Flight"/> producing a <typeparamref name="T"/>.</summary>
internal sealed class FlightOf<T>(string[]? tags) : Flight(tags)
{
    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task Task => Completion.Task;
}
