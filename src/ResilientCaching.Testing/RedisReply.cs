using System.Globalization;
using System.Text;

namespace ResilientCaching.Testing;

/// <summary>
/// A raw RESP2 reply returned by <see cref="RedisServerNode.ExecuteAsync(string[])"/>.
/// Error replies are returned, not thrown, so tests can assert on them.
/// </summary>
public sealed class RedisReply
{
    private static readonly RedisReply NullReply = new(RedisReplyKind.Null, null, 0, null);

    private readonly byte[]? _bytes;
    private readonly long _integer;
    private readonly RedisReply[]? _elements;

    private RedisReply(RedisReplyKind kind, byte[]? bytes, long integer, RedisReply[]? elements)
    {
        Kind = kind;
        _bytes = bytes;
        _integer = integer;
        _elements = elements;
    }

    /// <summary>Gets the RESP2 type of this reply.</summary>
    public RedisReplyKind Kind { get; }

    /// <summary>Gets a value indicating whether this is a null reply.</summary>
    public bool IsNull => Kind == RedisReplyKind.Null;

    /// <summary>Gets a value indicating whether this is an error reply.</summary>
    public bool IsError => Kind == RedisReplyKind.Error;

    /// <summary>
    /// Gets the raw payload of a simple string, error or bulk string (the ASCII digits of an integer);
    /// empty for null and array replies.
    /// </summary>
    public ReadOnlyMemory<byte> Bytes => Kind == RedisReplyKind.Integer
        ? Encoding.ASCII.GetBytes(_integer.ToString(CultureInfo.InvariantCulture))
        : _bytes ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>Gets the elements of an array reply; empty for every other kind.</summary>
    public IReadOnlyList<RedisReply> Elements => _elements ?? [];

    /// <summary>Returns the reply as text (UTF-8), or <see langword="null"/> for a null reply.</summary>
    /// <returns>The text of the reply.</returns>
    /// <exception cref="InvalidOperationException">The reply is an array.</exception>
    public string? AsString() => Kind switch
    {
        RedisReplyKind.Null => null,
        RedisReplyKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RedisReplyKind.Array => throw new InvalidOperationException("An array reply has no single string value; read Elements."),
        _ => Encoding.UTF8.GetString(_bytes ?? []),
    };

    /// <summary>Returns the reply as a 64-bit integer (integer replies, or strings holding digits).</summary>
    /// <returns>The integer value.</returns>
    /// <exception cref="InvalidOperationException">The reply does not hold an integer.</exception>
    public long AsInt64()
    {
        if (Kind == RedisReplyKind.Integer)
        {
            return _integer;
        }

        if (Kind is RedisReplyKind.SimpleString or RedisReplyKind.BulkString
            && long.TryParse(_bytes, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new InvalidOperationException($"The reply {this} is not an integer.");
    }

    /// <summary>Returns a redis-cli style rendering of the reply, for assertions and diagnostics.</summary>
    /// <returns>The rendered reply.</returns>
    public override string ToString() => Kind switch
    {
        RedisReplyKind.Null => "(nil)",
        RedisReplyKind.Error => "(error) " + AsString(),
        RedisReplyKind.Integer => "(integer) " + AsString(),
        RedisReplyKind.Array => "[" + string.Join(", ", Elements.Select(e => e.ToString())) + "]",
        _ => AsString() ?? string.Empty,
    };

    internal static RedisReply Null => NullReply;

    internal static RedisReply SimpleString(byte[] bytes) => new(RedisReplyKind.SimpleString, bytes, 0, null);

    internal static RedisReply Error(byte[] bytes) => new(RedisReplyKind.Error, bytes, 0, null);

    internal static RedisReply Integer(long value) => new(RedisReplyKind.Integer, null, value, null);

    internal static RedisReply BulkString(byte[] bytes) => new(RedisReplyKind.BulkString, bytes, 0, null);

    internal static RedisReply FromElements(RedisReply[] elements) => new(RedisReplyKind.Array, null, 0, elements);
}
