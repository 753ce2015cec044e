using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using EDRS.Actors.Inference;
using EDRS.Actors.Paging;
using EDRS.Actors.Sessions;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Errors;
using EDRS.Hosts.Gateway.Requests;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;
using EDRS.Hosts.Gateway.Tenancy;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>
/// Conversations with personas: <c>POST /api/v1/personas/{personaId}/sessions</c> opens one,
/// <c>GET /api/v1/sessions/{sessionId}</c> reads its turns, <c>POST /api/v1/sessions/{sessionId}/messages</c> says
/// something and answers with the persona's reply — as one JSON document, or as a Server-Sent Events token stream when
/// the request accepts <c>text/event-stream</c>. With no model configured a reply is extractive — the persona's
/// knowledge and memory quoted with citations under a line saying so — never a made-up one; only a message that
/// demands generation (<c>"mode": "generate"</c>) answers 503 with a problem saying what to set.
/// </summary>
public static class SessionsApi
{
    private const string EventStream = "text/event-stream";

    /// <summary>Time on top of the reply timeout for the prompt's grain calls and the journal append.</summary>
    private static readonly TimeSpan CallMargin = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapFeatureGroup("/api/v1", "Sessions");

        api.MapPost("/personas/{personaId}/sessions", OpenAsync).WithName("OpenSession").WithSummary("Open a session with a persona")
            .WithDescription("Opens a conversation between a person and the persona.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/sessions/{sessionId}", GetAsync).WithName("GetSession").WithSummary("Read a session and its turns")
            .WithDescription("The turns oldest first, one page at a time: pass the previous page's `nextCursor` as `cursor`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(PagingDocs.For(PageSizes.Turns, "Turns"));
        api.MapPost("/sessions/{sessionId}/messages", SayAsync).WithName("SendMessage").WithSummary("Say something and get the persona's reply")
            .WithDescription(
                "The reply is assembled from the persona's profile, what it knows about the person, its working memory and the " +
                "conversation so far, and the chunks of the knowledge collections its profile names that best match the message " +
                "(marked [1], [2], ... and listed in `citations`), fitted to the model's token budget. With no chat model configured " +
                "the reply is extractive (`extractive: true`): those chunks and the persona's working memory quoted with their " +
                "citations and dates, under a line saying no generative model is configured; `\"mode\": \"generate\"` demands a " +
                "generated reply and answers 503 without a model. By default the answer is the complete reply as JSON. " +
                "With `Accept: text/event-stream` it is a Server-Sent Events stream: one `token` event per piece of the reply " +
                "(`{\"text\": ...}`), then one `done` event with the journaled turn (the JSON reply's shape), then a final " +
                "`citations` event (`{\"citations\": [...]}`); an `error` event " +
                "(a problem document) ends a stream that broke midway, and that turn is recorded as interrupted, never as a reply. " +
                "A retry with the same `Idempotency-Key` gets the first complete reply again.")
            .Produces<ReplyResponse>(StatusCodes.Status200OK, "application/json", EventStream)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<SessionResponse>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        string personaId, [FromBody] OpenSessionBody? body, [AsParameters] TenantCommand call)
    {
        if (InvalidId("personaId", personaId) is { } invalid)
            return invalid;
        if (body is null)
            return Invalid("body", "a JSON object naming the person (personId) is required");
        if (body.PersonId is null)
            return Invalid("personId", "is required");
        if (InvalidId("personId", body.PersonId) is { } invalidPerson)
            return invalidPerson;
        var sessionId = call.KeyFromIdempotencyKey("s") ?? $"s-{Guid.CreateVersion7():N}";
        var ack = await call.Session(sessionId).OpenAsync(
            new OpenSessionRequest { RequestId = call.RequestId, PersonaId = personaId, PersonId = body.PersonId },
            cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/sessions/{sessionId}", ToResponse(ack.Session));
    }

    private static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string sessionId, [FromQuery] string? limit, [FromQuery] string? cursor, [AsParameters] TenantQuery call)
    {
        if (InvalidId("sessionId", sessionId) is { } invalid)
            return invalid;
        if (!PageSizes.Turns.TryParse(limit, out var pageSize))
            return Invalid("limit", PageSizes.Turns.Rule);
        var view = await call.Grains.Session(call.Tenant, sessionId)
            .GetSessionAsync(new GetSessionRequest { Limit = pageSize, Cursor = cursor ?? "" }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<Ok<ReplyResponse>, ServerSentEventsResult<string>, ValidationProblem, ProblemHttpResult>> SayAsync(
        string sessionId,
        [FromBody] MessageBody? body,
        HttpRequest http,
        IModelAvailability model,
        IOptions<SessionsOptions> options,
        IOptions<JsonOptions> json,
        [AsParameters] TenantCommand command)
    {
        var cancellationToken = command.Aborted;
        if (InvalidId("sessionId", sessionId) is { } invalid)
            return invalid;
        if (body is null)
            return Invalid("body", "a JSON object with the message (text) is required");
        if (string.IsNullOrWhiteSpace(body.Text))
            return Invalid("text", "is required");
        if (body.MaxReplyTokens is { } max && (max < 1 || max > SessionLimits.MaxReplyTokens))
            return Invalid("maxReplyTokens", $"must be 1..{SessionLimits.MaxReplyTokens}");
        if (body.Mode is not (null or Session.ModeAuto or Session.ModeGenerate))
            return Invalid("mode", $"must be '{Session.ModeAuto}' (the default) or '{Session.ModeGenerate}'");
        if (body.Mode == Session.ModeGenerate && NoModel(model) is { } unavailable)
            return unavailable;
        var request = new SayRequest { RequestId = command.RequestId, Text = body.Text, MaxReplyTokens = body.MaxReplyTokens ?? 0, Mode = body.Mode ?? "" };
        var session = command.Session(sessionId);
        var deadline = DateTime.UtcNow + options.Value.ReplyTimeout + CallMargin;

        // Both answers come from the grain's stream: a long generation is not a unary cluster request (which
        // Proto.Cluster would re-send after its request timeout). The first chunk is awaited before anything is
        // written, so a refused turn (404, 400, 503) is still a plain problem.
        var call = session.SayStreaming(request, deadline: deadline, cancellationToken: cancellationToken);
        if (!AcceptsEventStream(http))
        {
            using (call)
            {
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    if (call.ResponseStream.Current.ChunkCase == ReplyChunk.ChunkOneofCase.Done)
                        return TypedResults.Ok(ToResponse(call.ResponseStream.Current.Done));
                }
            }
            throw new RpcException(new Status(StatusCode.Internal, "The session ended the stream without a reply."));
        }

        try
        {
            if (!await call.ResponseStream.MoveNext(cancellationToken))
                throw new RpcException(new Status(StatusCode.Internal, "The session ended the stream without a reply."));
        }
        catch
        {
            call.Dispose();
            throw;
        }
        return TypedResults.ServerSentEvents(Events(call, json.Value.SerializerOptions, cancellationToken));
    }

    /// <summary>The stream's chunks as SSE items: <c>token</c> events, then <c>done</c>; a failure midway is an <c>error</c> event.</summary>
    private static async IAsyncEnumerable<SseItem<string>> Events(
        AsyncServerStreamingCall<ReplyChunk> call, JsonSerializerOptions json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = call;
        var stream = call.ResponseStream;
        while (true)
        {
            var chunk = stream.Current;
            if (chunk.ChunkCase == ReplyChunk.ChunkOneofCase.Token)
                yield return new SseItem<string>(JsonSerializer.Serialize(new TokenEvent(chunk.Token), json), "token");
            else if (chunk.ChunkCase == ReplyChunk.ChunkOneofCase.Done)
            {
                var reply = ToResponse(chunk.Done);
                yield return new SseItem<string>(JsonSerializer.Serialize(reply, json), "done");
                yield return new SseItem<string>(JsonSerializer.Serialize(new CitationsEvent(reply.Citations), json), "citations");
            }

            string? failure = null;
            try
            {
                if (!await stream.MoveNext(cancellationToken))
                    yield break;
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = JsonSerializer.Serialize(new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The reply was interrupted; the turn is recorded as interrupted.",
                    Detail = ServerFailures.SafeDetail(ex.StatusCode) ?? ex.Status.Detail,
                }, json);
            }
            if (failure is not null)
            {
                yield return new SseItem<string>(failure, "error");
                yield break;
            }
        }
    }

    private static bool AcceptsEventStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(EventStream, StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult? NoModel(IModelAvailability model) =>
        model.IsConfigured ? null : TypedResults.Problem(detail: model.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No model is configured.");

    private static SessionResponse ToResponse(SessionView view) => new(
        view.SessionId,
        view.PersonaId,
        view.PersonId,
        view.OpenedAt.ToDateTimeOffset(),
        view.Version,
        [.. view.Turns.Select(t => new TurnResponse(
            t.Number,
            t.UserText,
            t.Status == TurnStatus.Replied ? t.ReplyText : null,
            t.Status == TurnStatus.Replied ? "replied" : "interrupted",
            t.SaidAt.ToDateTimeOffset(),
            t.EndedAt?.ToDateTimeOffset(),
            t.PromptTokens,
            t.ReplyTokens,
            t.Interruption.Length > 0 ? t.Interruption : null,
            ToolCallResponse.ListOf(t.ToolCalls)))],
        view.TurnCount,
        view.NextCursor.Length > 0 ? view.NextCursor : null);

    private static ReplyResponse ToResponse(SayReply reply) =>
        new(reply.SessionId, reply.Turn, reply.Text, reply.PromptTokens, reply.ReplyTokens, reply.TurnsInPrompt, reply.TurnsLeftOut, reply.Version,
            [.. reply.Citations.Select(c => new CitationResponse(c.DocumentId, c.Title, c.ChunkId, c.Page == 0 ? null : c.Page, c.CollectionId))],
            reply.Extractive,
            ToolCallResponse.ListOf(reply.ToolCalls));
}
