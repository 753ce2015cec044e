namespace EDRS.Actors.Personas.Events;

/// <summary>
/// The persona learnt a fact about a person. <paramref name="SupersededFactId"/> (0: none) is the older
/// fact of the same kind and subject that this one replaces. Stored as <c>person_fact_remembered</c>.
/// </summary>
public sealed record PersonFactRemembered(
    string PersonId,
    long FactId,
    PersonFactKind Kind,
    string Subject,
    string Text,
    string Source,
    DateTimeOffset RememberedAt,
    long SupersededFactId) : PersonaEvent;
