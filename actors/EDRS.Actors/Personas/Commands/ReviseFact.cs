namespace EDRS.Actors.Personas.Commands;

/// <summary>Correct the text (and source) of a fact the persona holds.</summary>
public sealed record ReviseFact(string PersonId, long FactId, string Text, string Source) : PersonaCommand;
