namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>A persona's open work in serving order: critical, high, normal, low; first assigned first within a level.</summary>
/// <param name="PersonaId">The persona.</param>
/// <param name="Open">How many items are open (the persona's load); may exceed the items shown when limited.</param>
/// <param name="Items">The items, in serving order.</param>
public sealed record InboxResponse(string PersonaId, int Open, IReadOnlyList<WorkItemResponse> Items);
