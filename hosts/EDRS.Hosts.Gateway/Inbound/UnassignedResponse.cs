namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>One page of the tenant's unassigned events, highest priority first, oldest first within a level.</summary>
/// <param name="Items">Up to <c>limit</c> waiting events.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record UnassignedResponse(IReadOnlyList<UnassignedEventResponse> Items, string? NextCursor = null);
