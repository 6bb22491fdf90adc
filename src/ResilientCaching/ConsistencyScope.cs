namespace ResilientCaching;

/// <summary>
/// Carries a read-your-writes token through an async flow (a request) without threading it through every call:
/// writes inside the scope raise its token, reads inside it are served only by nodes that reached it.
/// </summary>
/// <example>
/// <code>
/// using var scope = ConsistencyScope.Begin(tokenFromCookie);
/// await cache.SetAsync("post:7", post);          // the scope's token now covers this write
/// var again = await cache.TryGetAsync&lt;Post&gt;("post:7", readFromReplicas);   // never older than the write
/// </code>
/// </example>
public sealed class ConsistencyScope : IDisposable
{
    private static readonly AsyncLocal<ConsistencyScope?> s_current = new();

    private readonly ConsistencyScope? _parent;
    private long _offset;
    private bool _disposed;

    private ConsistencyScope(ConsistencyScope? parent, ConsistencyToken? token)
    {
        _parent = parent;
        _offset = token?.Offset ?? -1;
    }

    /// <summary>Gets the innermost scope of the current async flow, if any.</summary>
    public static ConsistencyScope? Current => s_current.Value;

    /// <summary>Gets the newest token seen in this scope: the initial one or a write's.</summary>
    public ConsistencyToken? Token
    {
        get
        {
            var offset = Interlocked.Read(ref _offset);
            return offset < 0 ? null : new ConsistencyToken(offset);
        }
    }

    /// <summary>Starts a scope for the current async flow.</summary>
    /// <param name="token">A token the caller already has (for example from the client's previous response).</param>
    /// <returns>The scope; dispose it to end it.</returns>
    public static ConsistencyScope Begin(ConsistencyToken? token = null)
    {
        var scope = new ConsistencyScope(s_current.Value, token);
        s_current.Value = scope;
        return scope;
    }

    /// <summary>Raises the scope's token to <paramref name="token"/> when newer.</summary>
    /// <param name="token">A write's token.</param>
    public void Observe(ConsistencyToken token)
    {
        var current = Interlocked.Read(ref _offset);
        while (token.Offset > current)
        {
            var seen = Interlocked.CompareExchange(ref _offset, token.Offset, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }
    }

    /// <summary>Ends the scope; the enclosing one (if any) becomes current again.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (ReferenceEquals(s_current.Value, this))
        {
            s_current.Value = _parent;
        }
    }
}
