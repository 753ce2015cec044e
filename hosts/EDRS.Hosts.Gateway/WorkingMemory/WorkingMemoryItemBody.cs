namespace EDRS.Hosts.Gateway.WorkingMemory;

/// <summary>An item to keep in mind for a while.</summary>
/// <param name="Text">The item, required, at most 4,000 characters.</param>
/// <param name="Priority">lowest, low, normal (default), high or highest. A full working memory (1,000 items) evicts the lowest priority first, then the oldest.</param>
/// <param name="TtlSeconds">How long to keep it, 1 to 604,800 seconds (7 days); default 3,600.</param>
/// <param name="About">The person it concerns, if any (sessions with that person see it).</param>
public sealed record WorkingMemoryItemBody(string? Text, string? Priority, int? TtlSeconds, string? About);
