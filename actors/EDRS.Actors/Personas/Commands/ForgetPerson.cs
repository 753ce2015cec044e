namespace EDRS.Actors.Personas.Commands;

/// <summary>Erase everything the persona knows about a person.</summary>
public sealed record ForgetPerson(string PersonId) : PersonaCommand;
