namespace EDRS.Hosts.Gateway.Webhooks;

/// <summary>A webhook subscription to create.</summary>
/// <param name="Url">Where deliveries are POSTed: an absolute http(s) URL.</param>
/// <param name="EventTypes">Domain event types to deliver: <c>workflow.completed</c>, <c>knowledge.*</c> (a whole domain) or <c>*</c> (1..20).</param>
/// <param name="Secret">The signing secret (16..200 printable characters); generated when absent. Returned only in this request's answer.</param>
public sealed record WebhookBody(string? Url, IReadOnlyList<string?>? EventTypes, string? Secret);
