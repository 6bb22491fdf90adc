using ResilientCaching.Testing.Internal.Resp;
using ResilientCaching.Testing.Internal.Topology;

namespace ResilientCaching.Testing;

/// <content>Raw commands and INFO, over the harness's own RESP2 client (one connection per call).</content>
public sealed partial class RedisServerNode
{
    /// <summary>
    /// Sends one command and returns the raw reply; error replies are returned, not thrown.
    /// Each call uses a fresh connection bounded by <see cref="RedisNodeOptions.CommandTimeout"/>.
    /// </summary>
    /// <param name="args">The command and its arguments, e.g. <c>"SET", "key", "value"</c>.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="TimeoutException">No reply within the command timeout (e.g. the node is paused).</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The node is not listening (e.g. killed).</exception>
    public Task<RedisReply> ExecuteAsync(params string[] args) => ExecuteAsync((IReadOnlyList<string>)args, CancellationToken.None);

    /// <summary>Sends one command given as text arguments and returns the raw reply.</summary>
    /// <param name="args">The command and its arguments.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The reply.</returns>
    public Task<RedisReply> ExecuteAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        return ExecuteCoreAsync(RespWriter.FromStrings(args), cancellationToken);
    }

    /// <summary>
    /// Sends one command given as binary arguments (e.g. a value of garbage bytes) and returns the raw reply.
    /// </summary>
    /// <param name="args">The command and its arguments as bytes.</param>
    /// <returns>The reply.</returns>
    public Task<RedisReply> ExecuteAsync(params byte[][] args) => ExecuteAsync((IReadOnlyList<byte[]>)args, CancellationToken.None);

    /// <summary>Sends one command given as binary arguments and returns the raw reply.</summary>
    /// <param name="args">The command and its arguments as bytes.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The reply.</returns>
    public Task<RedisReply> ExecuteAsync(IReadOnlyList<byte[]> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        return ExecuteCoreAsync(RespWriter.FromBytes(args), cancellationToken);
    }

    /// <summary>Returns the text of <c>INFO</c> (or <c>INFO section</c>), e.g. <c>"replication"</c>.</summary>
    /// <param name="section">The INFO section, or <see langword="null"/> for the default sections.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The INFO text.</returns>
    public async Task<string> GetInfoAsync(string? section = null, CancellationToken cancellationToken = default)
    {
        var reply = section is null
            ? await ExecuteCheckedAsync(cancellationToken, "INFO").ConfigureAwait(false)
            : await ExecuteCheckedAsync(cancellationToken, "INFO", section).ConfigureAwait(false);
        return reply.AsString() ?? string.Empty;
    }

    /// <summary>Returns the node's role as reported by <c>ROLE</c>: <c>master</c>, <c>slave</c> or <c>sentinel</c>.</summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The role.</returns>
    public async Task<string> GetRoleAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteCheckedAsync(cancellationToken, "ROLE").ConfigureAwait(false);
        return reply.Elements.Count > 0 ? reply.Elements[0].AsString() ?? string.Empty : string.Empty;
    }

    /// <summary>
    /// Returns the replication offset this node has processed: <c>master_repl_offset</c> on a master,
    /// <c>slave_repl_offset</c> on a replica (-1 when unknown, e.g. while a replica has never synced).
    /// </summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The offset in bytes of the replication stream.</returns>
    public async Task<long> GetReplicationOffsetAsync(CancellationToken cancellationToken = default)
    {
        var values = await GetInfoValuesAsync("replication", cancellationToken).ConfigureAwait(false);
        return values.TryGetValue("role", out var role) && role == "slave"
            ? RedisInfo.Int64(values, "slave_repl_offset")
            : RedisInfo.Int64(values, "master_repl_offset");
    }

    internal async Task<Dictionary<string, string>> GetInfoValuesAsync(string section, CancellationToken cancellationToken) =>
        RedisInfo.Parse(await GetInfoAsync(section, cancellationToken).ConfigureAwait(false));

    internal async Task<RedisReply> ExecuteCheckedAsync(CancellationToken cancellationToken, params string[] args)
    {
        var reply = await ExecuteAsync(args, cancellationToken).ConfigureAwait(false);
        return reply.IsError
            ? throw new RedisHarnessException($"{this} answered {string.Join(' ', args)} with {reply}.")
            : reply;
    }

    private Task<RedisReply> ExecuteCoreAsync(IReadOnlyList<ReadOnlyMemory<byte>> args, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return RespClient.ExecuteAsync(Port, args, _options.CommandTimeout, cancellationToken);
    }
}
