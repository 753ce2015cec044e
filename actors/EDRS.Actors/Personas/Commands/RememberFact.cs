namespace EDRS.Actors.Personas.Commands;

/// <summary>
/// Remember a fact about a person; a fact with the same kind and subject supersedes the older one. <paramref name="Kind"/>
/// is null when the caller named none (refused).
/// </summary>
public sealed record RememberFact(string PersonId, PersonFactKind? Kind, string Subject, string Text, string Source) : PersonaCommand;
