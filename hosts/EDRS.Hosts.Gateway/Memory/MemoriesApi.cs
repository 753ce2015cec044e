using System.Buffers.Text;
using System.Globalization;
using System.Text;
using EDRS.Actors;
using EDRS.Actors.Memory;
using EDRS.Grains.Contracts.Memory;
using EDRS.Hosts.Gateway.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;

namespace EDRS.Hosts.Gateway.Memory;

/// <summary>
/// <c>/api/v1/personas/{personaId}/memories</c>: a persona's long-term memory — remember, search by meaning, person and time
/// as of a moment, list, delete. Commands accept an <c>Idempotency-Key</c>; every call acts for the tenant of its token and
/// needs the <c>user</c> role.
/// </summary>
public static class MemoriesApi
{
    public static IEndpointRouteBuilder MapMemoriesApi(this IEndpointRouteBuilder app)
    {
        var memories = app.MapFeatureGroup("/api/v1/personas/{personaId}/memories", "Memories");

        memories.MapPost("/", RememberAsync).WithName("RememberMemory").WithSummary("Remember something")
            .WithDescription(
                "Embeds the text and keeps it with its person, kind, importance, time and source. A memory about the same person and " +
                "of the same kind that reads as a change of an older one (\"she's back on mornings now\") updates it: the older one " +
                "ranks below it from then on, yet stays searchable for questions about the past.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        memories.MapGet("/search", SearchAsync).WithName("SearchMemories").WithSummary("Search memories by meaning, person and time")
            .WithDescription(
                "The memories that best answer `q` as of `asOf`: only memories that occurred by then count, and an update counts only " +
                "once it had occurred. The ranking adds meaning (embeddings), shared words, the people the question names (by name, " +
                "first name or a nickname learnt from memories; `personId` names one explicitly), recency and importance, and ranks " +
                "updated memories below their successors unless the question asks about the past (\"before\", \"used to\", \"originally\").")
            .AddOpenApiOperationTransformer((operation, _, _) => Describe(operation, new Dictionary<string, string>
            {
                ["q"] = "The question, required, at most 2,000 characters.",
                ["k"] = $"How many memories, 1 to {MemoryLimits.MaxSearchResults}; default {MemoryLimits.DefaultSearchResults}.",
                ["asOf"] = "The moment the question is asked as of (ISO-8601); default now.",
                ["personId"] = "The person the question is about, when the caller knows.",
                ["ranking"] = "`hybrid` (default) or `cosine` (cosine similarity alone, for comparison).",
            }));
        memories.MapGet("/", ListAsync).WithName("ListMemories").WithSummary("List a persona's memories")
            .AddOpenApiOperationTransformer((operation, _, _) => Describe(operation, new Dictionary<string, string>
            {
                ["personId"] = "Only memories about this person.",
                ["limit"] = $"Memories per page, 1 to {MemoryLimits.MaxPageSize}; default {MemoryLimits.DefaultPageSize}.",
                ["cursor"] = "The `nextCursor` of the previous page; absent for the first page.",
            }));
        memories.MapDelete("/{memoryId}", ForgetAsync).WithName("ForgetMemory").WithSummary("Delete a memory")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<MemoryResponse>, ValidationProblem>> RememberAsync(
        string personaId, [FromBody] MemoryBody? body, [AsParameters] TenantCommand call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (body is null)
            return Invalid("body", "a JSON object with the memory's text is required");
        if (body.PersonId is not null && InvalidId("personId", body.PersonId) is { } invalidPerson)
            return invalidPerson;
        if (!EntryKinds.TryParse(body.Kind, out var kind))
            return Invalid("kind", $"must be one of {EntryKinds.Allowed}");
        if (!EntrySources.TryParse(body.Source, out var source))
            return Invalid("source", $"must be one of {EntrySources.Allowed}");
        if (body.Importance is < 1 or > 10)
            return Invalid("importance", "must be an integer from 1 to 10");
        var ack = await call.Grains.Memory(call.Tenant, personaId).RememberAsync(new RememberMemoryRequest
        {
            RequestId = call.RequestId,
            Text = body.Text ?? "",
            PersonId = body.PersonId ?? "",
            Kind = EntryKinds.ToContract(kind),
            Importance = body.Importance ?? 0,
            OccurredAt = ProtoTimes.Of(body.OccurredAt),
            Source = EntrySources.ToContract(source),
        }, cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/personas/{personaId}/memories/{ack.Memory.Id}", MemoryResponses.From(ack.Memory));
    }

    private static async Task<Results<Ok<MemorySearchResponse>, ValidationProblem>> SearchAsync(
        string personaId,
        [FromQuery] string? q,
        [FromQuery] string? k,
        [FromQuery] string? asOf,
        [FromQuery] string? personId,
        [FromQuery] string? ranking,
        [AsParameters] TenantQuery call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (string.IsNullOrWhiteSpace(q))
            return Invalid("q", "is required");
        var count = MemoryLimits.DefaultSearchResults;
        if (k is not null && (!int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MemoryLimits.MaxSearchResults))
            return Invalid("k", $"must be an integer from 1 to {MemoryLimits.MaxSearchResults}");
        DateTimeOffset? at = null;
        if (asOf is not null)
        {
            if (!DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Invalid("asOf", "must be an ISO-8601 date and time, e.g. 2025-06-02T09:00:00Z");
            at = parsed;
        }
        if (personId is not null && InvalidId("personId", personId) is { } invalidPerson)
            return invalidPerson;
        var mode = ranking?.Trim().ToLowerInvariant() switch
        {
            null or "" or "hybrid" => MemoryRanking.Hybrid,
            "cosine" => MemoryRanking.Cosine,
            _ => MemoryRanking.Unspecified,
        };
        if (mode == MemoryRanking.Unspecified)
            return Invalid("ranking", "must be hybrid or cosine");
        var result = await call.Grains.Memory(call.Tenant, personaId).SearchAsync(new SearchMemoriesRequest
        {
            Query = q,
            K = count,
            AsOf = ProtoTimes.Of(at),
            PersonId = personId ?? "",
            Ranking = mode,
        }, cancellationToken: call.Aborted);
        return TypedResults.Ok(new MemorySearchResponse([.. result.Items.Select(MemoryResponses.From)]));
    }

    private static async Task<Results<Ok<MemoryPageResponse>, ValidationProblem>> ListAsync(
        string personaId, [FromQuery] string? personId, [FromQuery] string? limit, [FromQuery] string? cursor, [AsParameters] TenantQuery call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (personId is not null && InvalidId("personId", personId) is { } invalidPerson)
            return invalidPerson;
        var pageSize = MemoryLimits.DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MemoryLimits.MaxPageSize))
            return Invalid("limit", $"must be an integer from 1 to {MemoryLimits.MaxPageSize}");
        long after = 0;
        if (cursor is not null && (after = DecodeCursor(cursor)) <= 0)
            return Invalid("cursor", "is not a cursor this API returned");
        var page = await call.Grains.Memory(call.Tenant, personaId).ListAsync(new ListMemoriesRequest
        {
            PersonId = personId ?? "",
            Limit = pageSize,
            AfterId = after,
        }, cancellationToken: call.Aborted);
        return TypedResults.Ok(new MemoryPageResponse([.. page.Items.Select(MemoryResponses.From)], page.NextAfterId > 0 ? EncodeCursor(page.NextAfterId) : null));
    }

    private static async Task<Results<NoContent, ValidationProblem>> ForgetAsync(string personaId, string memoryId, [AsParameters] TenantCommand call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (!long.TryParse(memoryId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            return Invalid("memoryId", "must be a positive integer");
        await call.Grains.Memory(call.Tenant, personaId).ForgetAsync(new ForgetMemoryRequest { RequestId = call.RequestId, Id = id }, cancellationToken: call.Aborted);
        return TypedResults.NoContent();
    }

    /// <summary>Query parameters are parsed by hand (so a bad value is a 400 naming it): documented as what they accept.</summary>
    private static Task Describe(Microsoft.OpenApi.OpenApiOperation operation, IReadOnlyDictionary<string, string> descriptions)
    {
        foreach (var parameter in operation.Parameters?.OfType<Microsoft.OpenApi.OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && descriptions.TryGetValue(name, out var description))
                parameter.Description = description;
        }
        return Task.CompletedTask;
    }

    /// <summary>A cursor is the last memory id of the page, base64url: opaque to clients.</summary>
    private static string EncodeCursor(long afterId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(afterId.ToString(CultureInfo.InvariantCulture)));

    private static long DecodeCursor(string cursor)
    {
        try
        {
            return long.TryParse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
        }
        catch (FormatException)
        {
            return 0;
        }
    }
}
