using System.Globalization;

namespace ResilientCaching.Testing.Internal.Resp;

/// <summary>Parses RESP2 replies from a stream, with its own read buffer.</summary>
internal sealed class RespReader
{
    private const int MaxNesting = 32;

    private readonly Stream _stream;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public RespReader(Stream stream) => _stream = stream;

    public ValueTask<RedisReply> ReadAsync(CancellationToken cancellationToken) => ReadAsync(0, cancellationToken);

    private async ValueTask<RedisReply> ReadAsync(int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxNesting)
        {
            throw new InvalidDataException("RESP reply nested too deeply.");
        }

        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line.Length == 0)
        {
            throw new InvalidDataException("Empty RESP line.");
        }

        var payload = line.AsSpan(1);
        switch ((char)line[0])
        {
            case '+':
                return RedisReply.SimpleString(payload.ToArray());
            case '-':
                return RedisReply.Error(payload.ToArray());
            case ':':
                return RedisReply.Integer(ParseInt64(payload));
            case '$':
                {
                    var length = ParseInt64(payload);
                    if (length < 0)
                    {
                        return RedisReply.Null;
                    }

                    var bytes = await ReadExactAsync(checked((int)length), cancellationToken).ConfigureAwait(false);
                    var crlf = await ReadExactAsync(2, cancellationToken).ConfigureAwait(false);
                    if (crlf[0] != '\r' || crlf[1] != '\n')
                    {
                        throw new InvalidDataException("Bulk string not terminated by CRLF.");
                    }

                    return RedisReply.BulkString(bytes);
                }

            case '*':
                {
                    var count = ParseInt64(payload);
                    if (count < 0)
                    {
                        return RedisReply.Null;
                    }

                    var elements = new RedisReply[count];
                    for (var i = 0; i < elements.Length; i++)
                    {
                        elements[i] = await ReadAsync(depth + 1, cancellationToken).ConfigureAwait(false);
                    }

                    return RedisReply.FromElements(elements);
                }

            default:
                throw new InvalidDataException(
                    $"Unsupported RESP type '{(char)line[0]}' (the harness speaks RESP2 only; do not send HELLO 3).");
        }
    }

    private static long ParseInt64(ReadOnlySpan<byte> text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException("Malformed RESP length or integer.");

    private async ValueTask<byte[]> ReadLineAsync(CancellationToken cancellationToken)
    {
        // Bytes after _start already known to hold no CRLF (the last one may be a split '\r').
        var searched = 0;
        while (true)
        {
            var index = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf("\r\n"u8);
            if (index >= 0)
            {
                var lineEnd = _start + searched + index;
                var line = _buffer.AsSpan(_start, lineEnd - _start).ToArray();
                _start = lineEnd + 2;
                return line;
            }

            searched = Math.Max(0, _end - _start - 1);
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_end == _start)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var take = Math.Min(count - copied, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, copied, take);
            _start += take;
            copied += take;
        }

        return result;
    }

    /// <summary>Reads more bytes, compacting or growing the buffer; unread bytes keep their order.</summary>
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new EndOfStreamException("Redis closed the connection before a complete reply was read.");
        }

        _end += read;
    }
}
