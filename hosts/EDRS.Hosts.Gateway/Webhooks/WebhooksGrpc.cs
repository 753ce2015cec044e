using EDRS.Actors;
using EDRS.Grains.Contracts.Webhooks;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Grpc;
using EDRS.Hosts.Gateway.RateLimits;
using EDRS.Hosts.Gateway.Tenancy;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Delivery = EDRS.Persistence.Webhooks.WebhookDelivery;
using DeliveryStatus = EDRS.Persistence.Webhooks.WebhookDeliveryStatus;
using Subscription = EDRS.Persistence.Webhooks.WebhookSubscription;
using WebhookSubscriptions = EDRS.Actors.Webhooks.WebhookSubscriptions;

namespace EDRS.Hosts.Gateway.Webhooks;

/// <summary>
/// <c>edrs.webhooks.v1.Webhooks</c> over gRPC: the mirror of <see cref="WebhooksApi"/>, through the same
/// <see cref="WebhookSubscriptions"/>. The tenant is the token's; creating and removing need <c>admin</c>; failures map
/// as every grain call's do (<see cref="GrainStatusMapping"/>).
/// </summary>
[Authorize(Policy = GatewayPolicies.User)]
[ClientRateLimited]
public sealed class WebhooksGrpc(WebhookSubscriptions webhooks, WebhookCreation creation) : EDRS.Grains.Contracts.Webhooks.Webhooks.WebhooksBase
{
    [Authorize(Policy = GatewayPolicies.Admin)]
    public override Task<Webhook> CreateWebhook(CreateWebhookRequest request, ServerCallContext context) => CallAsync(async () =>
    {
        if (request.RequestId.Length > 0 && !GrainIds.IsRequestId(request.RequestId))
            throw GrainFaults.ToRpcException(GrainException.Invalid("request_id", $"must be {GrainIds.RequestIdRule}").ToFault());
        var created = await creation.CreateAsync(Tenant(context), request.Url, [.. request.EventTypes], request.Secret.Length == 0 ? null : request.Secret,
            request.RequestId.Length == 0 ? null : request.RequestId, context.CancellationToken).ConfigureAwait(false);
        var reply = ToContract(created.Subscription);
        reply.Secret = created.Secret;
        return reply;
    });

    public override Task<WebhookList> ListWebhooks(ListWebhooksRequest request, ServerCallContext context) => CallAsync(async () =>
    {
        var list = new WebhookList();
        list.Webhooks.AddRange((await webhooks.ListAsync(Tenant(context), context.CancellationToken).ConfigureAwait(false)).Select(ToContract));
        return list;
    });

    public override Task<Webhook> GetWebhook(GetWebhookRequest request, ServerCallContext context) =>
        CallAsync(async () => ToContract(await webhooks.GetAsync(Tenant(context), request.Id, context.CancellationToken).ConfigureAwait(false)));

    [Authorize(Policy = GatewayPolicies.Admin)]
    public override Task<RemoveWebhookReply> RemoveWebhook(RemoveWebhookRequest request, ServerCallContext context) => CallAsync(async () =>
    {
        await webhooks.RemoveAsync(Tenant(context), request.Id, context.CancellationToken).ConfigureAwait(false);
        return new RemoveWebhookReply();
    });

    public override Task<WebhookDeliveryPage> ListWebhookDeliveries(ListWebhookDeliveriesRequest request, ServerCallContext context) => CallAsync(async () =>
    {
        var page = await webhooks.DeliveriesAsync(
            Tenant(context), request.Id, request.Status.Length == 0 ? null : request.Status, request.Limit == 0 ? null : request.Limit,
            request.Cursor.Length == 0 ? null : request.Cursor, context.CancellationToken).ConfigureAwait(false);
        var reply = new WebhookDeliveryPage { NextCursor = page.NextCursor ?? "" };
        reply.Deliveries.AddRange(page.Deliveries.Select(ToContract));
        return reply;
    });

    private static string Tenant(ServerCallContext context) => context.GetHttpContext().User.Tenant();

    private static Webhook ToContract(Subscription subscription)
    {
        var webhook = new Webhook { Id = subscription.Id, Url = subscription.Url, CreatedAt = Timestamp.FromDateTimeOffset(subscription.CreatedAt) };
        webhook.EventTypes.AddRange(subscription.EventTypes);
        return webhook;
    }

    private static WebhookDelivery ToContract(Delivery delivery) => new()
    {
        Id = delivery.Id.ToString("D"),
        EventType = delivery.EventType,
        Status = delivery.Status,
        Attempts = delivery.Attempts,
        LastErrorCode = delivery.LastErrorCode ?? "",
        CreatedAt = Timestamp.FromDateTimeOffset(delivery.CreatedAt),
        NextAttemptAt = delivery.Status == DeliveryStatus.Pending ? Timestamp.FromDateTimeOffset(delivery.NextAttemptAt) : null,
        DeliveredAt = ProtoTimes.Of(delivery.DeliveredAt),
    };

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw GrainStatusMapping.ToClient(ex);
        }
    }
}
