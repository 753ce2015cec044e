namespace EDRS.Actors.Inbound.RoutingTables;

/// <summary>One persona in the routing table.</summary>
public sealed record RegisteredPersona(IReadOnlyList<string> Handles, long ProfileVersion);
