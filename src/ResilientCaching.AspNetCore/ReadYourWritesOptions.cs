namespace ResilientCaching.AspNetCore;

/// <summary>How a client carries its read-your-writes token between requests.</summary>
public sealed class ReadYourWritesOptions
{
    /// <summary>Gets or sets the request/response header carrying the token; <see langword="null"/> disables the header. Default <c>X-Consistency-Token</c>.</summary>
    public string? HeaderName { get; set; } = "X-Consistency-Token";

    /// <summary>Gets or sets the cookie carrying the token; <see langword="null"/> disables the cookie. Default <c>rc-consistency</c>.</summary>
    public string? CookieName { get; set; } = "rc-consistency";

    /// <summary>Gets or sets how long the cookie lives: longer than replicas can lag. Default 5 minutes.</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
