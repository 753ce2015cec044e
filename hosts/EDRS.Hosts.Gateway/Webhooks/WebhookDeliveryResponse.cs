namespace EDRS.Hosts.Gateway.Webhooks;

/// <summary>One delivery of a subscription.</summary>
/// <param name="Id">The delivery id: sent as <c>X-EDRS-Delivery-Id</c> and <c>Idempotency-Key</c> on every attempt.</param>
/// <param name="EventType">The domain event's type (<c>domain.action</c>).</param>
/// <param name="Status">pending, delivered or dead (dead-lettered after the retry policy).</param>
/// <param name="Attempts">Attempts so far.</param>
/// <param name="LastErrorCode">The last failed attempt's code: <c>http_&lt;status&gt;</c>, <c>timeout</c> or <c>connection_failed</c>.</param>
/// <param name="CreatedAt">When the event was journaled (and the delivery recorded with it).</param>
/// <param name="NextAttemptAt">When a pending delivery is attempted next.</param>
/// <param name="DeliveredAt">When the receiver accepted it.</param>
public sealed record WebhookDeliveryResponse(
    Guid Id, string EventType, string Status, int Attempts, string? LastErrorCode, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt);
