namespace EDRS.Actors.Inbound.RoutingTables.Events;

/// <summary>
/// A persona's handled event-type patterns and its skills as of its profile version. Stored as
/// <c>persona_routing_registered</c>; registrations journaled before skills were recorded read with <c>Skills</c> null.
/// </summary>
public sealed record PersonaRoutingRegistered(
    string PersonaId, IReadOnlyList<string> Handles, long ProfileVersion, DateTimeOffset RegisteredAt, IReadOnlyList<string>? Skills = null) : RoutingTableEvent;
