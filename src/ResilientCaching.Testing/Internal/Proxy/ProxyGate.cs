namespace ResilientCaching.Testing.Internal.Proxy;

/// <summary>The hold/release switch shared by every connection of a <see cref="ReplicationProxy"/>.</summary>
internal sealed class ProxyGate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _released;

    public bool IsHeld
    {
        get
        {
            lock (_lock)
            {
                return _released is not null;
            }
        }
    }

    public void Hold()
    {
        lock (_lock)
        {
            _released ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        TaskCompletionSource? released;
        lock (_lock)
        {
            released = _released;
            _released = null;
        }

        released?.TrySetResult();
    }

    /// <summary>Completes immediately when open, otherwise when <see cref="Release"/> is called.</summary>
    public Task WaitOpenAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource? released;
        lock (_lock)
        {
            released = _released;
        }

        return released is null ? Task.CompletedTask : released.Task.WaitAsync(cancellationToken);
    }
}
