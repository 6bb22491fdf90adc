using System.Collections.Concurrent;

namespace ResilientCaching.AspNetCore.Tests.OutputCaching;

/// <summary>Counts how often each handler really ran.</summary>
public sealed class HandlerCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public int Next(string handler) => _counts.AddOrUpdate(handler, 1, (_, n) => n + 1);

    public int Of(string handler) => _counts.GetValueOrDefault(handler);

    /// <summary>Gets or sets a value indicating whether the flaky handlers fail.</summary>
    public bool Failing { get; set; }
}
