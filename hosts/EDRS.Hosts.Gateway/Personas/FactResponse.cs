namespace EDRS.Hosts.Gateway.Personas;

/// <summary>A fact a persona holds about a person.</summary>
/// <param name="FactId">The fact's id, unique within the persona.</param>
/// <param name="Kind">preference, like, dislike, working-style or note.</param>
/// <param name="Subject">What the fact is about (may be empty).</param>
/// <param name="Text">The fact itself.</param>
/// <param name="Source">Where the persona learnt it (may be empty).</param>
/// <param name="RememberedAt">When the persona was told.</param>
/// <param name="RevisedAt">When it was last corrected; absent if never.</param>
public sealed record FactResponse(
    long FactId,
    string Kind,
    string Subject,
    string Text,
    string Source,
    DateTimeOffset RememberedAt,
    DateTimeOffset? RevisedAt);
