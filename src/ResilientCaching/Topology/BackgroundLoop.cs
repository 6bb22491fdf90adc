namespace ResilientCaching.Topology;

/// <summary>A background loop (monitor, Sentinel follower) that stops on dispose and is awaited until it has.</summary>
internal sealed class BackgroundLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public bool IsStopping => _stopping.IsCancellationRequested;

    public void Start(Func<CancellationToken, Task> body) => _loop = body(_stopping.Token);

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
    }
}
