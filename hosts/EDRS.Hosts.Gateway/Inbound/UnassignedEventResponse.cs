namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>An event waiting for a persona that handles its type.</summary>
/// <param name="EventId">The event id.</param>
/// <param name="EventType">domain.action.</param>
/// <param name="Priority">low, normal, high or critical.</param>
/// <param name="Source">Who sent it.</param>
/// <param name="QueuedAt">When it joined the queue.</param>
public sealed record UnassignedEventResponse(string EventId, string EventType, string Priority, string Source, DateTimeOffset QueuedAt);
