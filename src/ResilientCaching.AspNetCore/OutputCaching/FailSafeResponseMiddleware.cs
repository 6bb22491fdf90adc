using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace ResilientCaching.AspNetCore.OutputCaching;

/// <summary>
/// Serve-stale-on-error for endpoints marked <see cref="ResilientCacheAttribute.FailSafe"/>: their successful responses
/// are kept (with a long fail-safe window) in the resilient cache; when the endpoint later throws or answers 5xx, the
/// last good response is served instead, marked <c>X-Cache-Stale: 1</c> and never stored by output caching.
/// </summary>
internal sealed partial class FailSafeResponseMiddleware(RequestDelegate next, IResilientCache cache, ILogger<FailSafeResponseMiddleware> logger)
{
    public const string StaleHeader = "X-Cache-Stale";
    private const string KeyPrefix = "ocfs:";

    public async Task InvokeAsync(HttpContext context)
    {
        var settings = context.GetEndpoint()?.Metadata.GetMetadata<ResilientCacheAttribute>();
        var request = context.Request;

        // A last good response is shared by everyone asking the same URL: never for requests with credentials.
        var authenticated = !StringValues.IsNullOrEmpty(request.Headers.Authorization) || context.User.Identity?.IsAuthenticated == true;
        if (settings is not { FailSafe: true, NoStore: false } || authenticated || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var key = Key(request, settings);
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        Exception? failure = null;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            failure = ex;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (failure is null && context.Response.StatusCode < 500)
        {
            if (context.Response.StatusCode == StatusCodes.Status200OK && StringValues.IsNullOrEmpty(context.Response.Headers.SetCookie))
            {
                await KeepAsync(key, context.Response.ContentType, buffer.ToArray(), settings, context.RequestAborted).ConfigureAwait(false);
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var stale = await cache.TryGetAsync<byte[]>(key, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        if (stale.Value is not { Length: >= 2 } kept)
        {
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        LogServingStale(logger, request.Path, failure?.GetType().Name ?? context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var contentTypeLength = (kept[0] << 8) | kept[1];
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers[StaleHeader] = "1";
        if (contentTypeLength > 0)
        {
            context.Response.ContentType = System.Text.Encoding.UTF8.GetString(kept, 2, contentTypeLength);
        }

        await original.WriteAsync(kept.AsMemory(2 + contentTypeLength), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Method, path, query and the values of the headers the endpoint varies by: one last good response per variant.</summary>
    private static string Key(HttpRequest request, ResilientCacheAttribute settings)
    {
        var key = new System.Text.StringBuilder(KeyPrefix).Append(request.Method).Append(' ').Append(request.Path).Append(request.QueryString);
        foreach (var header in settings.VaryByHeaderNames ?? [])
        {
            key.Append('\n').Append(header).Append('=').Append(request.Headers[header].ToString());
        }

        return key.ToString();
    }

    /// <summary>Keeps the last good response, for <see cref="ResilientCacheAttribute.FailSafeMaxDurationSeconds"/>; each success replaces it.</summary>
    private async Task KeepAsync(string key, string? contentType, byte[] body, ResilientCacheAttribute settings, CancellationToken cancellationToken)
    {
        var type = System.Text.Encoding.UTF8.GetBytes(contentType ?? string.Empty);
        var kept = new byte[2 + type.Length + body.Length];
        kept[0] = (byte)(type.Length >> 8);
        kept[1] = (byte)type.Length;
        type.CopyTo(kept, 2);
        body.CopyTo(kept, 2 + type.Length);
        var options = ResilientCacheEntryOptions.Default
            .WithDuration(TimeSpan.FromSeconds(Math.Max(settings.FailSafeMaxDurationSeconds, settings.Duration)))
            .WithFailSafe(false);
        // The cache's own bookkeeping is not the user's write: keep it out of the request's read-your-writes token.
        using var detached = ConsistencyScope.Begin();
        await cache.SetAsync(key, kept, options, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 100, EventName = "EndpointServedStale", Level = LogLevel.Warning, Message = "Endpoint {Path} failed ({Failure}); serving its last good response (fail-safe)")]
    private static partial void LogServingStale(ILogger logger, string path, string failure);
}
