using EDRS.Persistence.Webhooks;

namespace EDRS.Actors.Webhooks;

/// <summary>A page of a subscription's deliveries, newest first; <paramref name="NextCursor"/> asks for the next page (null: the last page).</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Deliveries, string? NextCursor);
