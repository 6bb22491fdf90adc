using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ResilientCaching.Testing.Internal.Proxy;

/// <summary>
/// One client connection of a <see cref="ReplicationProxy"/> and its upstream connection. Each direction is a
/// reader that queues chunks as they arrive (so held bytes are buffered, not left in the kernel) and a writer
/// that forwards them in order once the gate is open and each chunk's delay has elapsed.
/// </summary>
internal sealed class ProxyConnection
{
    private const int BufferSize = 16 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _client;
    private readonly Socket _upstream = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly IPEndPoint _target;
    private readonly ProxyGate _gate;
    private readonly Func<TimeSpan> _delay;
    private readonly CancellationTokenSource _abort;
    private int _closed;

    public ProxyConnection(Socket client, IPEndPoint target, ProxyGate gate, Func<TimeSpan> delay, CancellationToken shutdown)
    {
        _client = client;
        _client.NoDelay = true;
        _target = target;
        _gate = gate;
        _delay = delay;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
    }

    public async Task RunAsync()
    {
        var token = _abort.Token;
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                connectTimeout.CancelAfter(ConnectTimeout);
                await _upstream.ConnectAsync(_target, connectTimeout.Token).ConfigureAwait(false);
            }

            var toUpstream = PumpAsync(_client, _upstream, token);
            var toClient = PumpAsync(_upstream, _client, token);

            // When either side ends (after its queued bytes were forwarded) the connection is over.
            await Task.WhenAny(toUpstream, toClient).ConfigureAwait(false);
            Close(abortive: false);
            await Task.WhenAll(Observe(toUpstream), Observe(toClient)).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
        }
        finally
        {
            Close(abortive: true);
            _abort.Dispose();
        }
    }

    /// <summary>Drops the connection at once with a TCP reset, discarding queued bytes.</summary>
    public void Abort() => Close(abortive: true);

    private static async Task Observe(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
        }
    }

    private static bool IsConnectionEnd(Exception ex) =>
        ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException or ChannelClosedException;

    private async Task PumpAsync(Socket source, Socket destination, CancellationToken token)
    {
        var queue = Channel.CreateUnbounded<ProxyChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = ForwardAsync(queue.Reader, destination, token);
        try
        {
            var buffer = new byte[BufferSize];
            while (true)
            {
                var read = await source.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                queue.Writer.TryWrite(new ProxyChunk(buffer.AsMemory(0, read).ToArray(), Stopwatch.GetTimestamp()));
                if (read == 0)
                {
                    break;
                }
            }
        }
        finally
        {
            queue.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
    }

    private async Task ForwardAsync(ChannelReader<ProxyChunk> queue, Socket destination, CancellationToken token)
    {
        await using var stream = new NetworkStream(destination, ownsSocket: false);
        await foreach (var chunk in queue.ReadAllAsync(token).ConfigureAwait(false))
        {
            await WaitForTurnAsync(chunk, token).ConfigureAwait(false);
            if (chunk.IsEndOfStream)
            {
                destination.Shutdown(SocketShutdown.Send);
                return;
            }

            await stream.WriteAsync(chunk.Data, token).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the gate is open and the chunk has aged by the current delay.</summary>
    private async Task WaitForTurnAsync(ProxyChunk chunk, CancellationToken token)
    {
        while (true)
        {
            await _gate.WaitOpenAsync(token).ConfigureAwait(false);
            var remaining = _delay() - Stopwatch.GetElapsedTime(chunk.ReceivedAt);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, token).ConfigureAwait(false);
                continue;
            }

            if (!_gate.IsHeld)
            {
                return;
            }
        }
    }

    private void Close(bool abortive)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        foreach (var socket in (Socket[])[_client, _upstream])
        {
            try
            {
                if (abortive && socket.Connected)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                socket.Dispose();
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
