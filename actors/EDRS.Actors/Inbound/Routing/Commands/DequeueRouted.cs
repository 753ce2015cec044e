namespace EDRS.Actors.Inbound.Routing.Commands;

/// <summary>Queued events were routed (event id → persona) and leave the queue.</summary>
public sealed record DequeueRouted(IReadOnlyList<KeyValuePair<string, string>> Routed) : EventRouterCommand;
