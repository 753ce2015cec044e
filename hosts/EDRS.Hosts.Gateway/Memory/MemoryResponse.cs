namespace EDRS.Hosts.Gateway.Memory;

/// <summary>A memory the persona holds.</summary>
/// <param name="Id">Its id, unique within the persona.</param>
/// <param name="Text">What it remembers.</param>
/// <param name="PersonId">The person it is about, if any.</param>
/// <param name="Kind">preference, like, dislike, working-style, schedule, relationship, project or note.</param>
/// <param name="Importance">1 to 10.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Source">told, session, fact or event.</param>
/// <param name="Supersedes">Older memories this one updates (a changed schedule, a new preference).</param>
/// <param name="SupersededBy">Newer memories that update this one; it stays searchable ("what did she prefer before?").</param>
/// <param name="RecordedAt">When the persona recorded it.</param>
public sealed record MemoryResponse(
    long Id,
    string Text,
    string? PersonId,
    string Kind,
    int Importance,
    DateTimeOffset OccurredAt,
    string Source,
    IReadOnlyList<long> Supersedes,
    IReadOnlyList<long> SupersededBy,
    DateTimeOffset RecordedAt);
