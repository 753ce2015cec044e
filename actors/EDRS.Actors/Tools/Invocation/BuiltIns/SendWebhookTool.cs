using System.Text.Json;
using EDRS.Actors.Webhooks;
using EDRS.Persistence.Webhooks;

namespace EDRS.Actors.Tools.Invocation.BuiltIns;

/// <summary>
/// <c>send_webhook</c>: POSTs a JSON body, signed as webhook deliveries are (<see cref="WebhookSignature"/>), to one of the
/// tenant's subscriptions (its URL and secret) or to a URL signed with a configured secret (<c>secretRef</c>). The delivery
/// id (header and <c>Idempotency-Key</c>) comes from the call's idempotency key, so a repeated attempt is recognisable by
/// the receiver as the same delivery. Sent now, once per attempt: the calling workflow step's retry policy retries it.
/// </summary>
public sealed class SendWebhookTool(WebhookSubscriptionStore subscriptions, WebhookSender sender, ISecretStore secrets) : IBuiltInTool
{
    public string Name => ToolNames.SendWebhook;

    public string Description => "Sends a signed JSON webhook to one of the tenant's webhook subscriptions, or to a URL signed with a configured secret. Returns the receiver's status and the delivery id.";

    public string ArgsSchema => """
        {"type":"object","required":["eventType","body"],"properties":{
          "subscriptionId":{"type":"string","pattern":"^wh-[0-9a-f]{32}$","description":"A webhook subscription of the tenant: its URL and secret are used."},
          "url":{"type":"string","maxLength":2000,"description":"An absolute http(s) URL (with secretRef), when no subscriptionId is given."},
          "secretRef":{"type":"string","pattern":"^[A-Za-z0-9_]{1,64}$","description":"The configured secret (Secrets__{tenant}__{name}) that signs a request to url."},
          "eventType":{"type":"string","pattern":"^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$","description":"domain.action, sent as X-EDRS-Event-Type."},
          "body":{"type":"object","description":"The JSON body to send."}}}
        """;

    public async Task<ToolCallResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var args = invocation.Args;
        string url, secret;
        if (args.TryGetProperty("subscriptionId", out var subscriptionId))
        {
            var id = subscriptionId.GetString() ?? "";
            if (await subscriptions.FindAsync(invocation.Tenant, id, cancellationToken).ConfigureAwait(false) is not { } subscription)
                return ToolCallResult.Permanent($"send_webhook: there is no webhook subscription '{id}'");
            (url, secret) = (subscription.Url, subscription.Secret);
        }
        else
        {
            url = args.TryGetProperty("url", out var u) ? u.GetString() ?? "" : "";
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                return ToolCallResult.Permanent("send_webhook: give subscriptionId, or url as an absolute http or https URL");
            var secretRef = args.TryGetProperty("secretRef", out var s) ? s.GetString() ?? "" : "";
            if (secretRef.Length == 0)
                return ToolCallResult.Permanent("send_webhook: a request to url needs secretRef, the configured secret that signs it");
            if (secrets.Find(invocation.Tenant, secretRef) is not { } configured)
                return ToolCallResult.Permanent($"send_webhook: the secret '{secretRef}' is not configured: set Secrets__{invocation.Tenant}__{secretRef}");
            secret = configured;
        }
        var eventType = args.GetProperty("eventType").GetString() ?? "";
        var deliveryId = InvocationIds.EventId(invocation).ToString("D");
        var attempt = await sender.SendAsync(url, secret, eventType, deliveryId, args.GetProperty("body").GetRawText(), cancellationToken).ConfigureAwait(false);
        if (attempt.Delivered)
            return ToolCallResult.Success(new { status = attempt.Status, deliveryId });
        var error = $"send_webhook: the receiver did not accept the request ({attempt.ErrorCode})";
        var output = JsonSerializer.Serialize(new { status = attempt.Status, deliveryId, errorCode = attempt.ErrorCode }, JsonSerializerOptions.Web);
        return attempt.Retryable ? ToolCallResult.Transient(error, output) : ToolCallResult.Permanent(error, output);
    }
}
