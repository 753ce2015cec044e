namespace EDRS.Actors.Personas.Commands;

/// <summary>Hand an open item back, to be routed to another persona.</summary>
public sealed record ReturnWork(string EventId, string Reason) : PersonaCommand;
