namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>The answer to completing or handing back work.</summary>
/// <param name="PersonaId">The persona.</param>
/// <param name="EventId">The work item.</param>
/// <param name="Open">The persona's open items now.</param>
/// <param name="RoutedTo">Return only: the persona the work went to next; absent when it waits unassigned.</param>
public sealed record WorkAckResponse(string PersonaId, string EventId, int Open, string? RoutedTo);
