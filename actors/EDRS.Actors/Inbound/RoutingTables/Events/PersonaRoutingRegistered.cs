namespace EDRS.Actors.Inbound.RoutingTables.Events;

/// <summary>A persona's handled event-type patterns as of its profile version. Stored as <c>persona_routing_registered</c>.</summary>
public sealed record PersonaRoutingRegistered(string PersonaId, IReadOnlyList<string> Handles, long ProfileVersion, DateTimeOffset RegisteredAt) : RoutingTableEvent;
