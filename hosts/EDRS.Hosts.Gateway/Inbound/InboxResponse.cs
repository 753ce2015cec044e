namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>One page of a persona's open work in serving order: critical, high, normal, low; first assigned first within a level.</summary>
/// <param name="PersonaId">The persona.</param>
/// <param name="Open">How many items are open (the persona's load), on every page.</param>
/// <param name="Items">Up to <c>limit</c> items, in serving order.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record InboxResponse(string PersonaId, int Open, IReadOnlyList<WorkItemResponse> Items, string? NextCursor = null);
