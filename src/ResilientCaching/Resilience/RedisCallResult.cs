namespace ResilientCaching.Resilience;

/// <summary>The result of one guarded Redis call: a value, or why there is none.</summary>
internal readonly struct RedisCallResult<T>
{
    private RedisCallResult(T value, RedisFailure failure, Exception? exception)
    {
        Value = value;
        Failure = failure;
        Exception = exception;
    }

    public T Value { get; }

    public RedisFailure Failure { get; }

    public Exception? Exception { get; }

    public bool Succeeded => Failure == RedisFailure.None;

    public static RedisCallResult<T> Success(T value) => new(value, RedisFailure.None, null);

    public static RedisCallResult<T> Failed(RedisFailure failure, Exception? exception = null) => new(default!, failure, exception);
}
