using System.Globalization;
using EDRS.Actors.Memory;
using EDRS.Actors.WorkingMemory;
using EDRS.Grains.Contracts.Memory;
using EDRS.Hosts.Gateway.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;

namespace EDRS.Hosts.Gateway.WorkingMemory;

/// <summary>
/// <c>/api/v1/personas/{personaId}/working-memory</c>: what a persona keeps in mind for a while — add, read, drop, and
/// promote an item into long-term memory. Commands accept an <c>Idempotency-Key</c>; every call needs the <c>user</c> role.
/// </summary>
public static class WorkingMemoryApi
{
    public static IEndpointRouteBuilder MapWorkingMemoryApi(this IEndpointRouteBuilder app)
    {
        var items = app.MapFeatureGroup("/api/v1/personas/{personaId}/working-memory", "Working memory");

        items.MapPost("/", RememberAsync).WithName("AddWorkingMemoryItem").WithSummary("Keep an item in mind for a while")
            .ProducesProblem(StatusCodes.Status409Conflict);
        items.MapGet("/", RecallAsync).WithName("GetWorkingMemory").WithSummary("The items a persona keeps in mind");
        items.MapDelete("/{itemId}", ForgetAsync).WithName("DropWorkingMemoryItem").WithSummary("Drop an item")
            .ProducesProblem(StatusCodes.Status404NotFound);
        items.MapPost("/{itemId}/promote", PromoteAsync).WithName("PromoteWorkingMemoryItem").WithSummary("Move an item into long-term memory")
            .WithDescription("The item becomes a long-term memory (source told, about the item's person, occurred when the item was added) and leaves working memory.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<WorkingMemoryItemResponse>, ValidationProblem>> RememberAsync(
        string personaId, [FromBody] WorkingMemoryItemBody? body, [AsParameters] TenantCommand call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (body is null)
            return Invalid("body", "a JSON object with the item's text is required");
        if (ParsePriority(body.Priority) is not { } priority)
            return Invalid("priority", "must be one of lowest, low, normal, high, highest");
        if (body.About is not null && InvalidId("about", body.About) is { } invalidAbout)
            return invalidAbout;
        var ack = await call.Grains.WorkingMemory(call.Tenant, personaId).RememberAsync(new RememberItemRequest
        {
            RequestId = call.RequestId,
            Text = body.Text ?? "",
            Priority = priority,
            TtlSeconds = body.TtlSeconds ?? 0,
            About = body.About ?? "",
        }, cancellationToken: call.Aborted);
        var expiresAt = ack.ExpiresAt.ToDateTimeOffset();
        var ttl = body.TtlSeconds is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : WorkingMemoryLimits.DefaultTimeToLive;
        return TypedResults.Created($"/api/v1/personas/{personaId}/working-memory/{ack.ItemId}", new WorkingMemoryItemResponse(
            ack.ItemId, (body.Text ?? "").Trim(), FormatPriority(priority), body.About, expiresAt - ttl, expiresAt, EvictedOf(ack)));
    }

    private static async Task<Results<Ok<WorkingMemoryResponse>, ValidationProblem>> RecallAsync(
        string personaId, [FromQuery] string? about, [FromQuery] string? limit, [AsParameters] TenantQuery call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (about is not null && InvalidId("about", about) is { } invalidAbout)
            return invalidAbout;
        var count = 0;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > WorkingMemoryLimits.Capacity))
            return Invalid("limit", $"must be an integer from 1 to {WorkingMemoryLimits.Capacity}");
        var view = await call.Grains.WorkingMemory(call.Tenant, personaId)
            .RecallAsync(new RecallRequest { About = about ?? "", Limit = count }, cancellationToken: call.Aborted);
        return TypedResults.Ok(new WorkingMemoryResponse([.. view.Items.Select(ToResponse)], view.Held));
    }

    private static async Task<Results<NoContent, ValidationProblem>> ForgetAsync(string personaId, string itemId, [AsParameters] TenantCommand call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (ParseItemId(itemId) is not { } id)
            return Invalid("itemId", "must be a positive integer");
        await call.Grains.WorkingMemory(call.Tenant, personaId).ForgetAsync(new ForgetItemRequest { RequestId = call.RequestId, ItemId = id }, cancellationToken: call.Aborted);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<PromotedResponse>, ValidationProblem>> PromoteAsync(
        string personaId, string itemId, [FromBody] PromoteBody? body, [AsParameters] TenantCommand call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (ParseItemId(itemId) is not { } id)
            return Invalid("itemId", "must be a positive integer");
        if (!EntryKinds.TryParse(body?.Kind, out var kind))
            return Invalid("kind", $"must be one of {EntryKinds.Allowed}");
        if (body?.Importance is < 1 or > 10)
            return Invalid("importance", "must be an integer from 1 to 10");
        var ack = await call.Grains.WorkingMemory(call.Tenant, personaId).PromoteAsync(new PromoteItemRequest
        {
            RequestId = call.RequestId,
            ItemId = id,
            Kind = EntryKinds.ToContract(kind),
            Importance = body?.Importance ?? 0,
        }, cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/personas/{personaId}/memories/{ack.MemoryId}", new PromotedResponse(ack.ItemId, ack.MemoryId));
    }

    private static WorkingMemoryItemResponse ToResponse(Grains.Contracts.Memory.WorkingMemoryItem item) => new(
        item.ItemId,
        item.Text,
        FormatPriority(item.Priority),
        item.About.Length == 0 ? null : item.About,
        item.AddedAt.ToDateTimeOffset(),
        item.ExpiresAt.ToDateTimeOffset(),
        null);

    private static long? EvictedOf(RememberItemAck ack) => ack.EvictedItemId == 0 ? null : ack.EvictedItemId;

    private static long? ParseItemId(string itemId) =>
        long.TryParse(itemId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private static ItemPriority? ParsePriority(string? priority) => priority?.Trim().ToLowerInvariant() switch
    {
        null or "" or "normal" => ItemPriority.Normal,
        "lowest" => ItemPriority.Lowest,
        "low" => ItemPriority.Low,
        "high" => ItemPriority.High,
        "highest" => ItemPriority.Highest,
        _ => null,
    };

    private static string FormatPriority(ItemPriority priority) => priority switch
    {
        ItemPriority.Lowest => "lowest",
        ItemPriority.Low => "low",
        ItemPriority.High => "high",
        ItemPriority.Highest => "highest",
        _ => "normal",
    };
}
