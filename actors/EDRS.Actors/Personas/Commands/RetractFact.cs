namespace EDRS.Actors.Personas.Commands;

/// <summary>Drop a fact the persona holds.</summary>
public sealed record RetractFact(string PersonId, long FactId, string Reason) : PersonaCommand;
