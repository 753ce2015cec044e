namespace EDRS.Actors.Personas;

/// <summary>A fact a persona currently holds about a person.</summary>
public sealed record KnownFact(
    long FactId,
    PersonFactKind Kind,
    string Subject,
    string Text,
    string Source,
    DateTimeOffset RememberedAt,
    DateTimeOffset? RevisedAt);
