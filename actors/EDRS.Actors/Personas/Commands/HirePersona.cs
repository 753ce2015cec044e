namespace EDRS.Actors.Personas.Commands;

/// <summary>Create the persona <paramref name="PersonaId"/> with its first profile.</summary>
public sealed record HirePersona(string PersonaId, Profile? Profile) : PersonaCommand;
