namespace ResilientCaching.Tests.Infrastructure;

/// <summary>
/// Tests that assert wall-clock bounds (a call returns within a timeout, a measured lag matches a delay) run alone, after
/// the parallel ones, so two cores busy with other tests' Redis processes do not blur what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive";
}
