namespace ResilientCaching.Testing;

/// <summary>The RESP2 type of a <see cref="RedisReply"/>.</summary>
public enum RedisReplyKind
{
    /// <summary>A simple string such as <c>+OK</c> or <c>+PONG</c>.</summary>
    SimpleString,

    /// <summary>An error reply such as <c>-ERR unknown command</c>.</summary>
    Error,

    /// <summary>An integer reply such as <c>:1</c>.</summary>
    Integer,

    /// <summary>A binary-safe bulk string.</summary>
    BulkString,

    /// <summary>An array of nested replies.</summary>
    Array,

    /// <summary>A null bulk string or null array (<c>$-1</c> / <c>*-1</c>).</summary>
    Null,
}
