namespace ResilientCaching;

/// <summary>The kinds of <see cref="WriteDurability"/>.</summary>
public enum WriteDurabilityKind
{
    /// <summary>Acknowledged by the master.</summary>
    Master = 0,

    /// <summary>Sent without waiting.</summary>
    FireAndForget = 1,

    /// <summary>Acknowledged by the master, then waited for on replicas with Redis <c>WAIT</c>.</summary>
    Replicas = 2,
}
