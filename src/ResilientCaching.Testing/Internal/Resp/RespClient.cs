using System.Net;
using System.Net.Sockets;

namespace ResilientCaching.Testing.Internal.Resp;

/// <summary>
/// A minimal RESP2 client: one short-lived loopback connection per command, every step bounded by a
/// timeout. A fresh connection per call means no stale state survives a kill, pause or restart.
/// </summary>
internal static class RespClient
{
    public static async Task<RedisReply> ExecuteAsync(
        int port,
        IReadOnlyList<ReadOnlyMemory<byte>> args,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("A command needs at least one argument.", nameof(args));
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var token = timeoutSource.Token;
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(RespWriter.Encode(args), token).ConfigureAwait(false);
            var reader = new RespReader(stream);
            return await reader.ReadAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Redis command {CommandName(args)} to {RedisHarnessDefaults.Host}:{port} did not complete within {timeout.TotalMilliseconds:0} ms.");
        }
    }

    private static string CommandName(IReadOnlyList<ReadOnlyMemory<byte>> args) =>
        System.Text.Encoding.UTF8.GetString(args[0].Span);
}
