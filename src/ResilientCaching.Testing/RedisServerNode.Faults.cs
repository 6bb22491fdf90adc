using System.Diagnostics;
using ResilientCaching.Testing.Internal.Processes;

namespace ResilientCaching.Testing;

/// <content>Fault injection: kill, pause, resume, flush.</content>
public sealed partial class RedisServerNode
{
    private static readonly TimeSpan SignalSettleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Kills the process with SIGKILL (no shutdown, no save) and waits until it has exited.
    /// Does nothing when it is not running. <see cref="RestartAsync"/> brings it back on the same port.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for exit.</param>
    /// <returns>A task that completes when the process is gone.</returns>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await KillCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Freezes the process with SIGSTOP: connections stay open and the kernel still accepts new ones, but
    /// nothing is answered until <see cref="ResumeAsync"/> (a hung server, as seen by clients).
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for the stop to take effect.</param>
    /// <returns>A task that completes when the process is stopped.</returns>
    /// <exception cref="InvalidOperationException">The process is not running.</exception>
    public Task PauseAsync(CancellationToken cancellationToken = default) =>
        SignalAsync(UnixSignals.SigStop, paused: true, cancellationToken);

    /// <summary>Resumes a process frozen by <see cref="PauseAsync"/> with SIGCONT. Does nothing when not paused.</summary>
    /// <param name="cancellationToken">Cancels the wait for the process to run again.</param>
    /// <returns>A task that completes when the process runs again.</returns>
    public Task ResumeAsync(CancellationToken cancellationToken = default) =>
        IsPaused ? SignalAsync(UnixSignals.SigCont, paused: false, cancellationToken) : Task.CompletedTask;

    /// <summary>Removes every key from every database (<c>FLUSHALL SYNC</c>).</summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>A task that completes when the data is gone.</returns>
    /// <exception cref="RedisHarnessException">Redis answered with an error (e.g. on a read-only replica).</exception>
    public async Task FlushAllAsync(CancellationToken cancellationToken = default) =>
        await ExecuteCheckedAsync(cancellationToken, "FLUSHALL", "SYNC").ConfigureAwait(false);

    private async Task SignalAsync(int signal, bool paused, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsRunning)
            {
                throw new InvalidOperationException($"{this} is not running.");
            }

            if (!UnixSignals.Send(ProcessId, signal))
            {
                throw new InvalidOperationException($"Could not signal {this}.");
            }

            IsPaused = paused;

            // kill(2) returns before the signal takes effect; wait until /proc shows the new state.
            if (ProcessStatus.ProcFsAvailable)
            {
                var elapsed = Stopwatch.StartNew();
                while (ProcessStatus.IsStopped(ProcessId) != paused && IsRunning && elapsed.Elapsed < SignalSettleTimeout)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }
}
