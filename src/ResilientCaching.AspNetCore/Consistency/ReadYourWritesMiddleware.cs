using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ResilientCaching.AspNetCore.Consistency;

/// <summary>
/// Per-user read-your-writes over HTTP: opens a <see cref="ConsistencyScope"/> for each request from the token the client
/// sent (header or cookie), and after a write within the request hands the client the new token. The client's next
/// requests then read only from replicas that have its writes (else the master).
/// </summary>
internal sealed class ReadYourWritesMiddleware(RequestDelegate next, IOptions<ReadYourWritesOptions> options)
{
    private readonly ReadYourWritesOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = Read(context.Request);
        using var scope = ConsistencyScope.Begin(incoming);
        context.Response.OnStarting(static state =>
        {
            var (self, http, scope, incoming) = ((ReadYourWritesMiddleware, HttpContext, ConsistencyScope, ConsistencyToken?))state;
            if (scope.Token is { } token && (incoming is null || token > incoming.Value))
            {
                self.Write(http.Response, token);
            }

            return Task.CompletedTask;
        }, (this, context, scope, incoming));
        await next(context).ConfigureAwait(false);
    }

    private ConsistencyToken? Read(HttpRequest request)
    {
        ConsistencyToken? token = null;
        if (_options.HeaderName is { } header && ConsistencyToken.TryParse(request.Headers[header].ToString(), out var fromHeader))
        {
            token = fromHeader;
        }

        if (_options.CookieName is { } cookie && request.Cookies.TryGetValue(cookie, out var text) && ConsistencyToken.TryParse(text, out var fromCookie))
        {
            token = ConsistencyToken.Max(token, fromCookie);
        }

        return token;
    }

    private void Write(HttpResponse response, ConsistencyToken token)
    {
        var text = token.ToString();
        if (_options.HeaderName is { } header)
        {
            response.Headers[header] = text;
        }

        if (_options.CookieName is { } cookie)
        {
            response.Cookies.Append(cookie, text, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = response.HttpContext.Request.IsHttps,
                MaxAge = _options.CookieLifetime,
            });
        }
    }
}
