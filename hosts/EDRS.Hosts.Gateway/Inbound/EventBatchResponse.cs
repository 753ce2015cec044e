namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>The outcome of a batch: counts, then one item per event in request order.</summary>
/// <param name="Accepted">Newly accepted events.</param>
/// <param name="Duplicates">Events whose id was seen before (no second effect).</param>
/// <param name="Invalid">Refused events (nothing of them was applied).</param>
/// <param name="Failed">Events whose outcome is unknown; retry them (dedup makes that safe).</param>
/// <param name="Items">One per event, in request order.</param>
/// <param name="Refused">Events not accepted because a quota is reached (the tenant's unassigned queue is full).</param>
public sealed record EventBatchResponse(int Accepted, int Duplicates, int Invalid, int Failed, IReadOnlyList<EventBatchItemResponse> Items, int Refused = 0);
