namespace EDRS.Persistence.Webhooks;

/// <summary>
/// One delivery as its tenant may inspect it: which event, its status, attempts so far, and the last failure's code
/// (<c>http_503</c>, <c>timeout</c>, <c>connection_failed</c>, …: never the exception text). <paramref name="Sequence"/>
/// orders deliveries (newest first in lists) and is the cursor of the next page.
/// </summary>
public sealed record WebhookDelivery(
    Guid Id,
    long Sequence,
    string SubscriptionId,
    string EventType,
    string Status,
    int Attempts,
    string? LastErrorCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt);
