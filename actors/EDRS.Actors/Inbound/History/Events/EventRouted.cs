namespace EDRS.Actors.Inbound.History.Events;

/// <summary>
/// A routing decision: the event was assigned to <paramref name="PersonaId"/>, and <paramref name="Reason"/> says why
/// (which patterns matched, how many candidates, their load). Stored as <c>event_routed</c>.
/// </summary>
public sealed record EventRouted(string PersonaId, string Reason, int Candidates, DateTimeOffset RoutedAt) : RoutingDecision;
