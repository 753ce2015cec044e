using System.Text.Json;

namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>An accepted event and every routing decision about it, oldest first: why it went where it went.</summary>
/// <param name="EventId">The event id.</param>
/// <param name="Source">Who sent it.</param>
/// <param name="EventType">domain.action.</param>
/// <param name="Priority">low, normal, high or critical.</param>
/// <param name="Payload">The JSON object sent.</param>
/// <param name="Metadata">The metadata sent.</param>
/// <param name="OccurredAt">When it happened at the source.</param>
/// <param name="AcceptedAt">When it was journaled.</param>
/// <param name="Decisions">Routing decisions, oldest first; the last one holds now.</param>
public sealed record EventResponse(
    string EventId,
    string Source,
    string EventType,
    string Priority,
    JsonElement Payload,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset OccurredAt,
    DateTimeOffset AcceptedAt,
    IReadOnlyList<EventDecisionResponse> Decisions);
