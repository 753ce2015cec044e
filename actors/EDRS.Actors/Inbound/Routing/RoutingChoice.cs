namespace EDRS.Actors.Inbound.Routing;

/// <summary>Where one event goes: a persona (null: nowhere, it waits unassigned) and why.</summary>
public sealed record RoutingChoice(string? PersonaId, string Reason, int Candidates);
