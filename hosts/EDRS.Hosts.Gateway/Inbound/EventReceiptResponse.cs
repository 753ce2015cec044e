namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>The receipt of an accepted event: it is journaled, and this is where it went.</summary>
/// <param name="EventId">The event id (canonical lowercase form).</param>
/// <param name="Duplicate">True when the id was seen before: this is the first receipt, and nothing happened again.</param>
/// <param name="AcceptedAt">When the event was first journaled.</param>
/// <param name="RoutedTo">The persona it was first assigned to; absent when it waited unassigned.</param>
/// <param name="Unassigned">True when no persona handled its type: it waits in the unassigned queue.</param>
/// <param name="OccurredAt">The event's time: as sent, or when it was received when the event had none.</param>
/// <param name="HeldBy">
/// A duplicate only: the persona whose inbox holds the work now — after this repeat delivered again what the first
/// delivery left undone, or routed on what its persona had handed back; absent when it waits unassigned or was closed.
/// </param>
public sealed record EventReceiptResponse(string EventId, bool Duplicate, DateTimeOffset AcceptedAt, string? RoutedTo, bool Unassigned,
    DateTimeOffset? OccurredAt, string? HeldBy);
