using System.Diagnostics;

namespace ResilientCaching.Diagnostics;

/// <summary>The cache's spans: a miss that reaches Redis or the factory, writes and removals, each failover.</summary>
internal static class Activities
{
    public static readonly ActivitySource Source = new(ResilientCachingDiagnostics.ActivitySourceName, typeof(Activities).Assembly.GetName().Version?.ToString());

    /// <summary>Starts a span when someone listens; <see langword="null"/> otherwise (no cost on the hot path).</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(name, kind);
        activity?.SetTag(Tags.DbSystemName, Tags.DbSystemValue);
        return activity;
    }

    /// <summary>Marks a fallback on the current span.</summary>
    public static void Fallback(string reason)
    {
        var activity = Activity.Current;
        if (activity is not null && activity.Source == Source)
        {
            activity.AddEvent(new ActivityEvent("fallback", tags: new ActivityTagsCollection { [Tags.FallbackReason] = reason }));
        }
    }
}
