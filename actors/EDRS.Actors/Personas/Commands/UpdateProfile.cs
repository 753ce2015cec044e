namespace EDRS.Actors.Personas.Commands;

/// <summary>Replace the persona's whole profile.</summary>
public sealed record UpdateProfile(Profile? Profile) : PersonaCommand;
