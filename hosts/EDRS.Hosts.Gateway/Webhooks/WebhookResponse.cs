namespace EDRS.Hosts.Gateway.Webhooks;

/// <summary>A webhook subscription. <paramref name="Secret"/> is present only in the answer to its creation.</summary>
public sealed record WebhookResponse(string Id, string Url, IReadOnlyList<string> EventTypes, DateTimeOffset CreatedAt, string? Secret = null);
