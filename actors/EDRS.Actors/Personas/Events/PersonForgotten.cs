namespace EDRS.Actors.Personas.Events;

/// <summary>
/// Everything the persona knew about a person was erased (the person's right to erasure). The earlier
/// events about the person are redacted in place when this is journaled. Stored as <c>person_forgotten</c>.
/// </summary>
public sealed record PersonForgotten(string PersonId, int FactsErased, DateTimeOffset ForgottenAt) : PersonaEvent;
