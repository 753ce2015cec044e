namespace EDRS.Hosts.Gateway.Memory;

/// <summary>A memory to remember.</summary>
/// <param name="Text">What to remember, required, at most 4,000 characters.</param>
/// <param name="PersonId">The person it is about, if any.</param>
/// <param name="Kind">preference, like, dislike, working-style, schedule, relationship, project or note (default).</param>
/// <param name="Importance">1 to 10; default 5. Episodes of importance 8 or more never expire.</param>
/// <param name="OccurredAt">When it happened (ISO-8601); default now. May be in the past (imports), not in the future.</param>
/// <param name="Source">told (default), session, fact or event. Session and event memories are episodes and expire after the retention.</param>
public sealed record MemoryBody(string? Text, string? PersonId, string? Kind, int? Importance, DateTimeOffset? OccurredAt, string? Source);
