using EDRS.Actors.Webhooks;
using EDRS.Grains.Contracts.Webhooks;
using EDRS.Hosts.Gateway.Idempotency;
using Grpc.Core;

namespace EDRS.Hosts.Gateway.Webhooks;

/// <summary>
/// Creating a subscription from REST or gRPC. With an Idempotency-Key (REST header, gRPC <c>request_id</c>) all of a
/// client's retries create one subscription and get its answer, secret included: the key is bound to the request as sent
/// and names the subscription (<see cref="IdempotencyKeys.DerivedId"/>); another request under the key is refused
/// (<c>idempotency-key-reused</c>); a request refused without effect leaves the key free (<see cref="IdempotencyKeyClaim"/>).
/// </summary>
public sealed class WebhookCreation(WebhookSubscriptions webhooks, IdempotencyKeys keys)
{
    /// <summary>The operation an Idempotency-Key of a create names (the same over REST and gRPC).</summary>
    public const string Operation = "edrs.webhooks.v1.Webhooks/CreateWebhook";

    /// <exception cref="RpcException">As <see cref="WebhookSubscriptions.SubscribeAsync"/>; FAILED_PRECONDITION <c>idempotency-key-reused</c>.</exception>
    public async Task<NewWebhookSubscription> CreateAsync(
        string tenant, string? url, IReadOnlyList<string?>? eventTypes, string? secret, string? retryKey, CancellationToken cancellationToken)
    {
        if (retryKey is null)
            return await webhooks.SubscribeAsync(tenant, url, eventTypes, secret, null, cancellationToken).ConfigureAwait(false);
        // What the client sent, in the gRPC request's form, so that both edges name one request alike.
        var request = new CreateWebhookRequest { Url = url ?? "", Secret = secret ?? "" };
        request.EventTypes.AddRange((eventTypes ?? []).Select(t => t ?? ""));
        var id = IdempotencyKeys.DerivedId("wh", tenant, retryKey);
        return await new IdempotencyKeyClaim(keys, tenant, retryKey).RunAsync(Operation, "", request, keyField: null,
            () => webhooks.SubscribeAsync(tenant, url, eventTypes, secret, id, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
