namespace EDRS.Actors.Inbound.Table;

/// <summary>One persona in the routing table.</summary>
public sealed record RegisteredPersona(IReadOnlyList<string> Handles, long ProfileVersion);
