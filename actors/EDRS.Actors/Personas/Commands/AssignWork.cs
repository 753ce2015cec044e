namespace EDRS.Actors.Personas.Commands;

/// <summary>Put routed events into the persona's inbox; an item already held (or closed) under the same decision is skipped.</summary>
public sealed record AssignWork(IReadOnlyList<WorkOffer> Items) : PersonaCommand;
