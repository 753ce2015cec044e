namespace EDRS.Hosts.Gateway.Webhooks;

/// <summary>The tenant's webhook subscriptions, oldest first (secrets are never listed).</summary>
public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Items);
