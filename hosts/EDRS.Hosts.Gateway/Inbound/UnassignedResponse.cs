namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>The tenant's unassigned events, highest priority first, oldest first within a level.</summary>
/// <param name="Items">The waiting events.</param>
public sealed record UnassignedResponse(IReadOnlyList<UnassignedEventResponse> Items);
