using System.Security.Claims;
using EDRS.Actors;
using EDRS.Actors.Inbound;
using EDRS.Actors.Inbound.History.Events;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Inbound.Routing.Events;
using EDRS.Actors.Inbound.Work;
using EDRS.Actors.Paging;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Errors;
using EDRS.Hosts.Gateway.Requests;
using EDRS.Hosts.Gateway.Tenancy;
using EDRS.Persistence.Journal;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;

namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>
/// <c>/api/v1/events</c>: publish events (one, or a batch of up to 500), read an event with its routing history,
/// and the unassigned queue; <c>/api/v1/personas/{personaId}/inbox</c>: a persona's open work, completing it and
/// handing it back. An event is journaled before it is acknowledged (202 with a receipt); the same event id
/// again gets the first receipt and has no second effect. The tenant is always the token's.
/// </summary>
public static partial class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapFeatureGroup("/api/v1/events", "Events", idempotencyKeys: false);

        events.MapPost("/", PublishAsync).WithName("PublishEvent").WithSummary("Publish one event")
            .WithDescription("Journals the event, routes it to the least-loaded persona whose patterns match its type (or the unassigned " +
                "queue) and answers 202 with a receipt. The same eventId again answers the first receipt with duplicate=true (and " +
                "heldBy: who holds the work now). Without eventId the server assigns a UUIDv7, without occurredAt the receive time; " +
                "both are in the receipt. An Idempotency-Key makes a client's retries of an event without id one event; another " +
                "event under the same key is a 422 (idempotency-key-reused). A client-chosen eventId deduplicates across producers. " +
                "When no persona can take it and the tenant's unassigned queue is full, the event is not accepted: 409 `limit-reached`.")
            .AddEndpointFilter<IdempotencyKeyFilter>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);
        events.MapPost("/batch", PublishBatchAsync).WithName("PublishEvents").WithSummary("Publish up to 500 events")
            .WithDescription("Each event is accepted, a duplicate, invalid or failed on its own (an item is never half applied); " +
                "the answer lists one result per event in request order. Retry failed items: dedup makes that safe.");
        events.MapGet("/unassigned", UnassignedAsync).WithName("ListUnassignedEvents").WithSummary("Events no persona handles yet")
            .WithDescription("They are routed as soon as a persona whose patterns match is hired or changes its patterns (or, for events " +
                "that waited because every matching persona's inbox was full, once one has room). One page at a time: pass the previous " +
                "page's `nextCursor` as `cursor`.")
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer(PagingDocs.For(PageSizes.Unassigned, "Events"));
        events.MapGet("/{eventId}", GetAsync).WithName("GetEvent").WithSummary("An event and why it went where it went")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var inbox = app.MapFeatureGroup("/api/v1/personas/{personaId}/inbox", "Inbox")
            .ProducesProblem(StatusCodes.Status404NotFound);
        inbox.MapGet("/", InboxAsync).WithName("GetInbox").WithSummary("A persona's open work, most urgent first")
            .WithDescription("One page at a time: pass the previous page's `nextCursor` as `cursor`.")
            .AddOpenApiOperationTransformer(PagingDocs.For(PageSizes.Inbox, "Items"));
        inbox.MapPost("/{eventId}/complete", CompleteAsync).WithName("CompleteWork").WithSummary("Close an open item as done")
            .ProducesProblem(StatusCodes.Status409Conflict);
        inbox.MapPost("/{eventId}/return", ReturnAsync).WithName("ReturnWork").WithSummary("Hand an open item back to be routed to another persona")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Accepted<EventReceiptResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        [FromBody] EventBody? body,
        [FromHeader(Name = IdempotencyKeyFilter.Header)] string? idempotencyKey,
        EventPublishing publishing,
        ClaimsPrincipal user,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (body is null)
            return Invalid("body", "a JSON object with the event is required");
        var (e, violation) = ToEvent(body);
        if (violation is not null)
            return Invalid(violation.Field, violation.Description);
        var result = await publishing.PublishAsync(user.Tenant(), e!, idempotencyKey, cancellationToken);
        if (result.ErrorCode is not (0 or (int)StatusCode.InvalidArgument or (int)StatusCode.FailedPrecondition))
            LogNotAccepted(loggers.CreateLogger(typeof(EventsApi)), result.EventId, (StatusCode)result.ErrorCode, result.ErrorMessage);
        return result switch
        {
            { ErrorCode: (int)StatusCode.InvalidArgument } => Invalid(result.ErrorField, DescriptionOf(result)),
            { ErrorLimit.Length: > 0 } => GrainProblems.LimitReached(result.ErrorLimit, result.ErrorMessage),
            { ErrorCode: (int)StatusCode.FailedPrecondition } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "The event cannot be accepted.", detail: result.ErrorMessage),
            { ErrorCode: not 0 } => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The event may not have been accepted; retry it with the same eventId.", detail: ServerFailures.SafeDetail(StatusCode.Unavailable)),
            _ => TypedResults.Accepted($"/api/v1/events/{result.EventId}", ToReceipt(result)),
        };
    }

    private static async Task<Results<Ok<EventBatchResponse>, ValidationProblem>> PublishBatchAsync(
        [FromBody] EventBatchBody? body, EventIngestor ingestor, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (body?.Events is null)
            return Invalid("events", "a JSON object with an events array is required");
        if (body.Events.Count is 0 or > EventLimits.MaxBatch)
            return Invalid("events", $"must hold 1 to {EventLimits.MaxBatch} events (had {body.Events.Count})");
        var items = new EventBatchItemResponse?[body.Events.Count];
        var toIngest = new List<(int Index, BaseEvent Event)>(body.Events.Count);
        for (var i = 0; i < body.Events.Count; i++)
        {
            if (body.Events[i] is not { } item)
            {
                items[i] = new EventBatchItemResponse(i, null, "invalid", null, $"events[{i}]", "must be an event object");
                continue;
            }
            var (e, violation) = ToEvent(item);
            if (violation is not null)
                items[i] = new EventBatchItemResponse(i, item.EventId, "invalid", null, $"events[{i}].{violation.Field}", violation.Description);
            else
                toIngest.Add((i, e!));
        }
        var results = await ingestor.IngestManyAsync(user.Tenant(), [.. toIngest.Select(t => t.Event)], cancellationToken);
        for (var j = 0; j < results.Length; j++)
        {
            var (index, _) = toIngest[j];
            var result = results[j];
            items[index] = result switch
            {
                { ErrorCode: (int)StatusCode.InvalidArgument } => new EventBatchItemResponse(index, result.EventId, "invalid", null,
                    $"events[{index}].{result.ErrorField}", DescriptionOf(result)),
                { ErrorLimit.Length: > 0 } => new EventBatchItemResponse(index, result.EventId, "refused", null, null, result.ErrorMessage),
                { ErrorCode: not 0 } => new EventBatchItemResponse(index, result.EventId, "failed", null, null, result.ErrorMessage),
                _ => new EventBatchItemResponse(index, result.EventId, result.Duplicate ? "duplicate" : "accepted", ToReceipt(result), null, null),
            };
        }
        var all = items.Select(i => i!).ToList();
        return TypedResults.Ok(new EventBatchResponse(
            all.Count(i => i.Status == "accepted"), all.Count(i => i.Status == "duplicate"),
            all.Count(i => i.Status == "invalid"), all.Count(i => i.Status == "failed"), all, all.Count(i => i.Status == "refused")));
    }

    private static async Task<Results<Ok<EventResponse>, ValidationProblem, NotFound<ProblemDetails>>> GetAsync(
        string eventId, IEventJournal journal, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(eventId, "D", out var id) || id.Version != 7)
            return Invalid("eventId", "must be a UUIDv7 in the 8-4-4-4-12 form");
        EventReceived? received = null;
        var decisions = new List<EventDecisionResponse>();
        await foreach (var recorded in journal.ReadAsync(EventIdentities.EventStream(user.Tenant(), id.ToString("D")), 0, cancellationToken))
        {
            switch (recorded.Data)
            {
                case EventReceived r:
                    received = r;
                    break;
                case EventRouted r:
                    decisions.Add(new EventDecisionResponse(recorded.Version, "routed", r.PersonaId, r.Reason, r.RoutedAt));
                    break;
                case EventUnassigned u:
                    decisions.Add(new EventDecisionResponse(recorded.Version, "unassigned", null, u.Reason, u.UnassignedAt));
                    break;
            }
        }
        if (received is null)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found.", Detail = $"No event {eventId} was accepted." });
        return TypedResults.Ok(new EventResponse(received.EventId, received.Source, received.EventType, EventPriorities.Name(WorkPriorities.ToContract(received.Priority)),
            received.Payload, received.Metadata, received.OccurredAt, received.AcceptedAt, decisions));
    }

    /// <summary>
    /// One page of the tenant's queue: every router partition answers its next page after the cursor (all order their
    /// queues alike), and the pages are merged in that order; the last event shown is the next cursor.
    /// </summary>
    private static async Task<Results<Ok<UnassignedResponse>, ValidationProblem>> UnassignedAsync(
        [FromQuery] string? limit, [FromQuery] string? cursor,
        TenantGrains grains, IOptions<EventsOptions> options, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!PageSizes.Unassigned.TryParse(limit, out var pageSize))
            return Invalid("limit", PageSizes.Unassigned.Rule);
        if (cursor is not null && UnassignedCursor.Parse(cursor) is null)
            return Invalid("cursor", "is not a cursor this API returned");
        var tenant = user.Tenant();
        var request = new GetUnassignedRequest { Limit = pageSize, After = cursor ?? "" };
        var calls = Enumerable.Range(0, options.Value.RouterPartitions)
            .Select(p => new EventRouter.EventRouterClient(grains.Invoker(EventRouter.Descriptor, tenant, EventIdentities.RouterKey(p)))
                .GetUnassignedAsync(request, cancellationToken: cancellationToken).ResponseAsync)
            .ToList();
        var views = await Task.WhenAll(calls);
        var merged = views.SelectMany(v => v.Events)
            .Select(e => new UnassignedEventQueued(e.EventId, e.EventType, e.Source, WorkPriorities.FromContract(e.Priority) ?? WorkPriority.Normal, e.QueuedAt.ToDateTimeOffset()))
            .Order(QueueOrder.Instance)
            .ToList();
        var page = merged.Take(pageSize).ToList();
        var more = merged.Count > pageSize || views.Any(v => v.More);
        var items = page.Select(e => new UnassignedEventResponse(e.EventId, e.EventType, EventPriorities.Name(WorkPriorities.ToContract(e.Priority)), e.Source, e.QueuedAt))
            .ToList();
        return TypedResults.Ok(new UnassignedResponse(items, more && page.Count > 0 ? UnassignedCursor.Of(page[^1]).ToString() : null));
    }

    private static async Task<Results<Ok<InboxResponse>, ValidationProblem>> InboxAsync(
        string personaId, [FromQuery] string? limit, [FromQuery] string? cursor, [AsParameters] TenantQuery call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (!PageSizes.Inbox.TryParse(limit, out var pageSize))
            return Invalid("limit", PageSizes.Inbox.Rule);
        var view = await call.Grains.Persona(call.Tenant, personaId)
            .GetInboxAsync(new GetInboxRequest { Limit = pageSize, Cursor = cursor ?? "" }, cancellationToken: call.Aborted);
        return TypedResults.Ok(new InboxResponse(view.PersonaId, view.Open, [.. view.Items.Select(i => new WorkItemResponse(
            i.EventId, i.EventType, i.Source, EventPriorities.Name(i.Priority), i.OccurredAt.ToDateTimeOffset(),
            i.AcceptedAt.ToDateTimeOffset(), i.AssignedAt.ToDateTimeOffset()))], view.NextCursor.Length > 0 ? view.NextCursor : null));
    }

    private static async Task<Results<Ok<WorkAckResponse>, ValidationProblem>> CompleteAsync(
        string personaId, string eventId, [FromBody] WorkBody? body, InboxWork work, [AsParameters] TenantCommand call)
    {
        if (CheckIds(personaId, eventId) is { } invalid)
            return invalid;
        var ack = await work.CompleteAsync(call.Persona(personaId), call.Tenant,
            new CompleteWorkRequest { RequestId = call.RequestId, EventId = eventId, Outcome = body?.Outcome ?? "" },
            new CallOptions(cancellationToken: call.Aborted));
        return TypedResults.Ok(new WorkAckResponse(ack.PersonaId, ack.EventId, ack.Open, null));
    }

    /// <remarks>
    /// Should this call fail after the persona let go, retrying it — with the same Idempotency-Key or without one — reaches
    /// the router again and says where the work went (<see cref="InboxWork"/>).
    /// </remarks>
    private static async Task<Results<Ok<WorkAckResponse>, ValidationProblem>> ReturnAsync(
        string personaId, string eventId, [FromBody] WorkBody? body, InboxWork work, [AsParameters] TenantCommand call)
    {
        if (CheckIds(personaId, eventId) is { } invalid)
            return invalid;
        var ack = await work.ReturnAsync(call.Persona(personaId), call.Tenant,
            new ReturnWorkRequest { RequestId = call.RequestId, EventId = eventId, Reason = body?.Reason ?? "" },
            new CallOptions(cancellationToken: call.Aborted));
        return TypedResults.Ok(new WorkAckResponse(ack.PersonaId, ack.EventId, ack.Open, ack.RoutedTo.Length > 0 ? ack.RoutedTo : null));
    }

    /// <summary>A refused event's description without the field name its message starts with (the field is named apart).</summary>
    private static string DescriptionOf(PublishResult result) =>
        result.ErrorMessage.StartsWith($"{result.ErrorField}: ", StringComparison.Ordinal) ? result.ErrorMessage[(result.ErrorField.Length + 2)..] : result.ErrorMessage;

    private static ValidationProblem? CheckIds(string personaId, string eventId)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (!Guid.TryParseExact(eventId, "D", out var id) || id.Version != 7 || id.ToString("D") != eventId)
            return Invalid("eventId", "must be a UUIDv7 in lowercase 8-4-4-4-12 form");
        return null;
    }

    /// <summary>
    /// The REST body as the contract's event; priority and payload shape are checked here, the rest (and the defaults of an
    /// absent id or time) by <see cref="EventValidation"/> where the event is ingested.
    /// </summary>
    private static (BaseEvent? Event, EventViolation? Violation) ToEvent(EventBody body)
    {
        var priority = EventPriorities.Parse(body.Priority);
        if (priority == EventPriority.Unspecified)
            return (null, new EventViolation("priority", $"must be one of {EventPriorities.Allowed}"));
        if (body.Payload is { } payload && payload.ValueKind is not (System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Null))
            return (null, new EventViolation("payload", "must be a JSON object"));
        var e = new BaseEvent
        {
            EventId = body.EventId ?? "",
            Source = body.Source ?? "",
            EventType = body.EventType ?? "",
            Priority = priority,
            Payload = body.Payload is { ValueKind: System.Text.Json.JsonValueKind.Object } p ? p.GetRawText() : "",
            OccurredAt = ProtoTimes.Of(body.OccurredAt),
        };
        foreach (var (key, value) in body.Metadata ?? new Dictionary<string, string?>())
        {
            if (value is null)
                return (null, new EventViolation($"metadata.{key}", "must be a string"));
            e.Metadata[key] = value;
        }
        return (e, null);
    }

    private static EventReceiptResponse ToReceipt(PublishResult result) => new(
        result.Receipt.EventId,
        result.Duplicate,
        result.Receipt.AcceptedAt.ToDateTimeOffset(),
        result.Receipt.RoutedTo.Length > 0 ? result.Receipt.RoutedTo : null,
        result.Receipt.Unassigned,
        result.Receipt.OccurredAt?.ToDateTimeOffset(),
        result.Duplicate && result.HeldBy.Length > 0 ? result.HeldBy : null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} may not have been accepted ({Status}): {Reason}")]
    private static partial void LogNotAccepted(ILogger logger, string eventId, StatusCode status, string reason);
}
