namespace EDRS.Actors.Personas.Commands;

/// <summary>
/// Put routed events into the persona's inbox; an item already held (or closed) under the same decision is skipped, and so
/// is an item in <paramref name="HeldBefore"/> (a late repeat of work the persona held once and no longer remembers).
/// </summary>
public sealed record AssignWork(IReadOnlyList<WorkOffer> Items, IReadOnlySet<string>? HeldBefore = null) : PersonaCommand;
