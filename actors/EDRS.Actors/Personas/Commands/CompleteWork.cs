namespace EDRS.Actors.Personas.Commands;

/// <summary>Close an open item as done.</summary>
public sealed record CompleteWork(string EventId, string Outcome) : PersonaCommand;
