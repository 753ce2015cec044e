namespace EDRS.Actors.WorkingMemory;

/// <summary>The bounds of a persona's working memory.</summary>
public static class WorkingMemoryLimits
{
    /// <summary>Items held at most; the next one evicts the lowest-priority, oldest item.</summary>
    public const int Capacity = 1_000;

    /// <summary>How a refusal at <see cref="Capacity"/> names the limit (a fixed one: not configurable).</summary>
    public const string CapacityLimitName = "WorkingMemory:Capacity";

    /// <summary>Time to live of an item when the caller names none: one hour.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromSeconds(3_600);

    /// <summary>Longest time to live: working memory is short-lived; what must last belongs in episodic memory.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(7);

    public const int MaxTextLength = 4_000;
}
