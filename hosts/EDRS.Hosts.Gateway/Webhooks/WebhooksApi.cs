using System.Globalization;
using EDRS.Actors.Webhooks;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Requests;
using EDRS.Persistence.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;

namespace EDRS.Hosts.Gateway.Webhooks;

/// <summary>
/// <c>/api/v1/webhooks</c>: the tenant's subscriptions of its domain events, and their deliveries. Creating and removing
/// need <c>admin</c>. Deliveries are POSTs signed with the subscription's secret (README: the signature scheme).
/// </summary>
public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapFeatureGroup("/api/v1/webhooks", "Webhooks")
            .ProducesValidationProblem();

        webhooks.MapPost("/", SubscribeAsync).WithName("CreateWebhook").WithSummary("Subscribe a URL to domain event types")
            .WithDescription("Every published domain event of the tenant whose type matches becomes a delivery: a POST of the event's JSON " +
                "signed `X-EDRS-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`, retried with backoff, dead-lettered after the policy. " +
                "The secret (generated when absent) is returned only here, and to a retry under the same `Idempotency-Key`, which creates nothing more.")
            .RequireAuthorization(GatewayPolicies.Admin)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        webhooks.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("The tenant's subscriptions");
        webhooks.MapGet("/{id}", GetAsync).WithName("GetWebhook").WithSummary("One subscription")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapDelete("/{id}", RemoveAsync).WithName("RemoveWebhook").WithSummary("Remove a subscription and its deliveries")
            .RequireAuthorization(GatewayPolicies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{id}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries").WithSummary("A subscription's deliveries, newest first")
            .WithDescription("Optionally of one `status` (pending, delivered, dead); `limit` 1..200 (default 50); `nextCursor` → `cursor`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<WebhookResponse>, ValidationProblem>> SubscribeAsync(
        [FromBody] WebhookBody? body, [FromHeader(Name = IdempotencyKeyFilter.Header)] string? idempotencyKey, WebhookCreation creation, [AsParameters] TenantQuery call)
    {
        if (body is null)
            return Invalid("body", "a JSON object with url and eventTypes is required");
        var created = await creation.CreateAsync(call.Tenant, body.Url, body.EventTypes, body.Secret, idempotencyKey, call.Aborted);
        return TypedResults.Created($"/api/v1/webhooks/{created.Subscription.Id}", ToResponse(created.Subscription) with { Secret = created.Secret });
    }

    private static async Task<Ok<WebhookListResponse>> ListAsync(WebhookSubscriptions webhooks, [AsParameters] TenantQuery call) =>
        TypedResults.Ok(new WebhookListResponse([.. (await webhooks.ListAsync(call.Tenant, call.Aborted)).Select(ToResponse)]));

    private static async Task<Ok<WebhookResponse>> GetAsync(string id, WebhookSubscriptions webhooks, [AsParameters] TenantQuery call) =>
        TypedResults.Ok(ToResponse(await webhooks.GetAsync(call.Tenant, id, call.Aborted)));

    private static async Task<NoContent> RemoveAsync(string id, WebhookSubscriptions webhooks, [AsParameters] TenantQuery call)
    {
        await webhooks.RemoveAsync(call.Tenant, id, call.Aborted);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookDeliveryPageResponse>, ValidationProblem>> DeliveriesAsync(
        string id, [FromQuery] string? status, [FromQuery] string? limit, [FromQuery] string? cursor, WebhookSubscriptions webhooks, [AsParameters] TenantQuery call)
    {
        int? size = null;
        if (limit is not null)
        {
            if (!int.TryParse(limit, CultureInfo.InvariantCulture, out var parsed))
                return Invalid("limit", $"must be an integer from 1 to {WebhookLimits.MaxPageSize}");
            size = parsed;
        }
        var page = await webhooks.DeliveriesAsync(call.Tenant, id, status, size, cursor, call.Aborted);
        return TypedResults.Ok(new WebhookDeliveryPageResponse([.. page.Deliveries.Select(ToResponse)], page.NextCursor));
    }

    private static WebhookResponse ToResponse(WebhookSubscription subscription) =>
        new(subscription.Id, subscription.Url, subscription.EventTypes, subscription.CreatedAt);

    private static WebhookDeliveryResponse ToResponse(WebhookDelivery delivery) =>
        new(delivery.Id, delivery.EventType, delivery.Status, delivery.Attempts, delivery.LastErrorCode, delivery.CreatedAt,
            delivery.Status == WebhookDeliveryStatus.Pending ? delivery.NextAttemptAt : null, delivery.DeliveredAt);
}
