namespace EDRS.Actors.Inbound.RoutingTables;

/// <summary>
/// One persona in the routing table: the event types it handles and the skills tasks are matched against (null: the
/// registration predates skills; the persona's next registration fills them in).
/// </summary>
public sealed record RegisteredPersona(IReadOnlyList<string> Handles, long ProfileVersion, IReadOnlyList<string>? Skills = null);
