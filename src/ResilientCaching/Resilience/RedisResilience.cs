using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ResilientCaching.Diagnostics;

namespace ResilientCaching.Resilience;

/// <summary>
/// The Polly pipeline around every Redis call: a circuit breaker outside a per-call timeout. While the circuit is
/// open, <see cref="IsOpen"/> lets callers skip Redis without entering the pipeline at all (no exception, no allocation).
/// </summary>
internal sealed class RedisResilience
{
    private static readonly ResiliencePropertyKey<TimeSpan> s_timeoutKey = new("ResilientCaching.OperationTimeout");

    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly CircuitBreakerManualControl _control = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _openUntil;

    public RedisResilience(ResilientCacheCircuitBreakerOptions options, TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
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
                    Volatile.Write(ref _openUntil, _time.GetTimestamp() + (long)(args.BreakDuration.TotalSeconds * _time.TimestampFrequency));
                    Log.RedisCircuitOpened(_logger, args.BreakDuration, args.Outcome.Exception?.GetType().Name ?? "manual isolation");
                    return default;
                },
                OnClosed = _ =>
                {
                    Log.RedisCircuitClosed(_logger);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    Log.RedisCircuitHalfOpened(_logger);
                    return default;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = static args => new ValueTask<TimeSpan>(args.Context.Properties.GetValue(s_timeoutKey, TimeSpan.FromSeconds(1))),
            })
            .Build();
    }

    /// <summary>Gets the circuit's state.</summary>
    public CircuitState State => _state.CircuitState;

    /// <summary>Gets a value indicating whether calls should skip Redis now (open, and the break has not elapsed).</summary>
    public bool IsOpen
    {
        get
        {
            var state = _state.CircuitState;
            return state == CircuitState.Isolated
                || (state == CircuitState.Open && _time.GetTimestamp() < Volatile.Read(ref _openUntil));
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
            context.Properties.Set(s_timeoutKey, timeout);
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
                        return Outcome.FromException<TResult>(ex);
                    }

                    try
                    {
                        return Outcome.FromResult(await task.WaitAsync(ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex)
                    {
                        Observe(task);
                        return Outcome.FromException<TResult>(ex);
                    }
                },
                context,
                (operation, state)).ConfigureAwait(false);

            if (outcome.Exception is null)
            {
                return RedisCallResult<TResult>.Success(outcome.Result!);
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
