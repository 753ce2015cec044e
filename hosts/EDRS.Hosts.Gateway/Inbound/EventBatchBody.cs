namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>Up to 500 events for <c>POST /api/v1/events/batch</c>; each is accepted or refused on its own.</summary>
/// <param name="Events">1 to 500 events.</param>
public sealed record EventBatchBody(IReadOnlyList<EventBody?>? Events);
