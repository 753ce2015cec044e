namespace EDRS.Hosts.Gateway.Webhooks;

/// <summary>A page of deliveries.</summary>
/// <param name="Items">The deliveries, newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record WebhookDeliveryPageResponse(IReadOnlyList<WebhookDeliveryResponse> Items, string? NextCursor);
