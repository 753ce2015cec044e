namespace EDRS.Persistence.Webhooks;

/// <summary>
/// A delivery a process claimed for one attempt (<paramref name="Attempt"/>, counted from 1 when claimed, so an attempt
/// cut short by a crash counts too): the event's JSON, and where and with which secret to send it.
/// </summary>
public sealed record ClaimedDelivery(Guid Id, string Tenant, string SubscriptionId, string EventType, string Payload, int Attempt, string Url, string Secret);
