using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using ResilientCaching.Diagnostics;

namespace ResilientCaching.Resilience;

/// <summary>
/// The guard around every Redis call: a Polly circuit breaker around a per-call timeout. While the circuit is open,
/// <see cref="IsOpen"/> lets callers skip Redis without entering the pipeline at all (no exception, no allocation, no
/// lock: the break deadline is kept here, from the breaker's own events).
/// <para>
/// The timeout is <see cref="Task.WaitAsync(TimeSpan, TimeProvider, CancellationToken)"/> inside the breaker rather than
/// Polly's timeout strategy: one timer per call instead of a pooled linked token source, a property bag and another
/// strategy layer — measured as a share of our overhead on a Redis hit (docs/benchmarks.md). Its
/// <see cref="TimeoutException"/> counts towards opening the circuit like any timeout.
/// </para>
/// <para>
/// The pipeline is typed (<c>ResiliencePipeline&lt;object?&gt;</c>): a typeless pipeline bridges every call to its
/// typed strategies through two more async layers (400 B a call, measured). Results of value types are boxed; those
/// are writes, not the read path.
/// </para>
/// </summary>
internal sealed class RedisResilience
{
    private readonly ResiliencePipeline<object?> _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly CircuitBreakerManualControl _control = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _openUntil;

    public RedisResilience(ResilientCacheCircuitBreakerOptions options, TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<object?> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<object?>
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = _state,
                ManualControl = _control,
                ShouldHandle = static args => new ValueTask<bool>(RedisFailureClassifier.CountsAsUnavailable(args.Outcome.Exception)),
                OnOpened = args =>
                {
                    Volatile.Write(ref _openUntil, Math.Max(1, _time.GetTimestamp() + (long)(args.BreakDuration.TotalSeconds * _time.TimestampFrequency)));
                    Log.RedisCircuitOpened(_logger, args.BreakDuration, args.Outcome.Exception?.GetType().Name ?? "manual isolation");
                    return default;
                },
                OnClosed = _ =>
                {
                    Volatile.Write(ref _openUntil, 0);
                    Log.RedisCircuitClosed(_logger);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    Volatile.Write(ref _openUntil, 0);
                    Log.RedisCircuitHalfOpened(_logger);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Gets the circuit's state.</summary>
    public CircuitState State => _state.CircuitState;

    /// <summary>
    /// Gets a value indicating whether calls should skip Redis now (opened, and the break has not elapsed). Reads one
    /// field while closed: the breaker's state property takes its lock, which every call would contend on.
    /// </summary>
    public bool IsOpen
    {
        get
        {
            var until = Volatile.Read(ref _openUntil);
            return until != 0 && _time.GetTimestamp() < until;
        }
    }

    /// <summary>Closes the circuit at once, e.g. when the client reports the connection restored.</summary>
    public Task CloseAsync() => _state.CircuitState == CircuitState.Closed ? Task.CompletedTask : _control.CloseAsync();

    /// <summary>
    /// Runs <paramref name="operation"/> under the timeout and circuit breaker. Redis failures come back as a failed
    /// result, never as an exception; only the caller's own cancellation throws.
    /// </summary>
    public async ValueTask<RedisCallResult<TResult>> ExecuteAsync<TState, TResult>(
        Func<TState, Task<TResult>> operation,
        TState state,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        if (IsOpen)
        {
            return RedisCallResult<TResult>.Failed(RedisFailure.CircuitOpen);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, s) =>
                {
                    Task<TResult> task;
                    try
                    {
                        task = s.operation(s.state);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<object?>(ex);
                    }

                    try
                    {
                        return Outcome.FromResult<object?>(await task.WaitAsync(s.timeout, s.time, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex)
                    {
                        Observe(task);
                        return Outcome.FromException<object?>(ex);
                    }
                },
                context,
                (operation, state, timeout, time: _time)).ConfigureAwait(false);

            if (outcome.Exception is null)
            {
                return RedisCallResult<TResult>.Success((TResult)outcome.Result!);
            }

            if (outcome.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            return RedisCallResult<TResult>.Failed(RedisFailureClassifier.Classify(outcome.Exception), outcome.Exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>An abandoned Redis task may fault later; observe it so it never surfaces as an unobserved exception.</summary>
    private static void Observe(Task task)
    {
        if (!task.IsCompleted)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            _ = task.Exception;
        }
    }
}
