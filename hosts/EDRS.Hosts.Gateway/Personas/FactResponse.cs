namespace EDRS.Hosts.Gateway.Personas;

/// <summary>A fact a persona holds about a person.</summary>
public sealed record FactResponse(
    long FactId,
    string Kind,
    string Subject,
    string Text,
    string Source,
    DateTimeOffset RememberedAt,
    DateTimeOffset? RevisedAt);
