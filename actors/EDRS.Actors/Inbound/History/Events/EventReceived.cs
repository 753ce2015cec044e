using System.Text.Json;
using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Inbound.History.Events;

/// <summary>
/// An external event as it was accepted: the first event of its own stream <c>event/{tenant}/{eventId}</c>,
/// always appended together with the first routing decision. Stored as <c>event_received</c>.
/// </summary>
public sealed record EventReceived(
    string EventId,
    string Source,
    string EventType,
    WorkPriority Priority,
    JsonElement Payload,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset OccurredAt,
    DateTimeOffset AcceptedAt,
    int Partition) : InboundEventRecord;
