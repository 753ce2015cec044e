namespace EDRS.Actors.Inbound.RoutingTables.Commands;

/// <summary>
/// A persona says which event-type patterns it handles and which skills it has (tasks are given by skills), as of its
/// profile version (newer versions win).
/// </summary>
public sealed record RegisterPersona(string PersonaId, IReadOnlyList<string> Handles, long ProfileVersion, IReadOnlyList<string>? Skills = null);
