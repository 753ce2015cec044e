namespace EDRS.Actors.Inbound.Routing.Commands;

/// <summary>Events no persona handles wait in the queue (an event already queued is not queued twice).</summary>
public sealed record QueueUnassigned(IReadOnlyList<UnroutedEvent> Events) : EventRouterCommand;
