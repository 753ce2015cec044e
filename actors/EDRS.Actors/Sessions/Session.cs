using System.Text;
using EDRS.Actors.Inference;
using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Search;
using EDRS.Actors.Memory;
using EDRS.Actors.Paging;
using EDRS.Actors.Personas;
using EDRS.Actors.Quotas;
using EDRS.Actors.Sessions.Commands;
using EDRS.Actors.Sessions.Events;
using EDRS.Actors.Sessions.Prompting;
using EDRS.Actors.Tools.Calling;
using EDRS.Actors.WorkingMemory;
using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Sessions;

/// <summary>
/// One conversation (kind <c>session</c>, identity <c>{tenant}/{sessionId}</c>) between a person and a persona.
/// A turn: the decider accepts what the person said; the grain gathers the persona's profile and its current facts
/// about the person (typed persona client), its working memory and the replied turns, has the
/// <see cref="PromptAssembler"/> fit them to the token budget with the model's own tokenizer (<see cref="ITokenCounter"/>),
/// streams the reply from the model (<see cref="IChatClient"/>), and journals <c>UserSaid</c> + <c>PersonaReplied</c>
/// only once the reply is complete. The knowledge chunks that best match the message, from the collections the persona's
/// profile names, go into the prompt with <c>[n]</c> markers and are cited by the reply. With no chat model configured
/// the turn is answered extractively (<see cref="ExtractiveAnswer"/>), unless the caller demands generation
/// (<c>mode: generate</c>: UNAVAILABLE). A reply that fails or is cancelled after tokens were streamed is journaled as
/// interrupted (its partial text is not kept); one that failed before any token leaves no trace, so the retry is clean.
/// The grain's mailbox runs one turn at a time. When the persona's profile names tools, the model may call them while it
/// replies (<see cref="PersonaToolbox"/>); each call is journaled (<c>PersonaCalledTool</c>) with the turn's reply and has the
/// Idempotency-Key <c>ses:{tenant}/{sessionId}/{turn}/{callId}</c>.
/// </summary>
public sealed partial class Session : SessionGrain.SessionGrainBase, IJournaledGrain
{
    /// <summary>The default mode: generate when a model is configured, else answer extractively.</summary>
    public const string ModeAuto = "auto";

    /// <summary>The caller requires a generated reply: UNAVAILABLE when no model is configured.</summary>
    public const string ModeGenerate = "generate";

    private readonly GrainActivation _activation;
    private readonly JournaledState<SessionState, SessionEvent> _journaled;
    private readonly GrainClients _clients;
    private readonly SessionsOptions _options;
    private readonly QuotaOptions _quotas;
    private readonly IChatClient? _chat;
    private readonly ITokenCounter? _tokens;
    private readonly PromptSources _sources;
    private readonly IModelAvailability? _models;
    private readonly PersonaToolbox? _toolbox;
    private readonly IChatClient? _calling;
    private readonly ILogger<Session> _logger;

    public Session(
        GrainActivation activation,
        JournaledStateFactory states,
        GrainClients clients,
        IOptions<SessionsOptions> options,
        IOptions<QuotaOptions> quotas,
        ILogger<Session> logger,
        IChatClient? chat = null,
        ITokenCounter? tokens = null,
        KnowledgeSearcher? knowledge = null,
        KnowledgeRouter? collections = null,
        IModelAvailability? models = null,
        PersonaToolbox? toolbox = null)
    {
        _toolbox = toolbox;
        _calling = chat is null || toolbox is null ? null : PersonaToolbox.Calling(chat);
        _models = models;
        _activation = activation;
        _clients = clients;
        _options = options.Value;
        _quotas = quotas.Value;
        _logger = logger;
        _chat = chat;
        _tokens = tokens;
        _journaled = states.Create<SessionState, SessionEvent>(activation, SessionState.Initial, SessionDecider.Evolve);
        _sources = new PromptSources(clients, _options, activation.Time, logger, knowledge, collections);
    }

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    private string Tenant => _activation.Identity.Tenant;

    private string SessionId => _activation.Identity.Key;

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override async Task<SessionAck> Open(OpenSessionRequest request, ServerCallContext context)
    {
        RequireSameSession(request.SessionId);
        if (!GrainIds.IsRequestId(request.RequestId))
            throw GrainException.Invalid("requestId", $"must be {GrainIds.RequestIdRule}");
        if (!_journaled.State.IsOpen && GrainIds.IsEntityId(request.PersonaId))
        {
            // The persona must exist; a repeated Open (same request id) is answered from the journal without asking.
            using var deadline = new CancellationTokenSource(_options.ReplyTimeout);
            await PromptSources.CallAsync(() => _clients.Persona(Tenant, request.PersonaId).GetPersonaAsync(new GetPersonaRequest(), cancellationToken: deadline.Token).ResponseAsync)
                .ConfigureAwait(false);
        }
        var command = new OpenSession(SessionId, request.PersonaId, request.PersonId);
        return await _journaled.ExecuteAsync(request.RequestId, Fingerprint(request), s => SessionDecider.Decide(command, s, Now), (state, version, events) => new SessionAck
        {
            SessionId = SessionId,
            PersonaId = state.PersonaId,
            PersonId = state.PersonId,
            OpenedAt = Timestamp.FromDateTimeOffset(state.OpenedAt),
            Version = version,
            Session = ViewOf(state, version),
        }).ConfigureAwait(false);
    }

    public override Task<SessionView> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        RequireSameSession(request.SessionId);
        var limit = PageSizes.Turns.Resolve(request.Limit);
        long[]? after = null;
        if (request.Cursor.Length > 0 && (after = PageCursor.Decode(request.Cursor, 1)) is null)
            throw GrainException.Invalid("cursor", "is not a cursor this API returned");
        var state = _journaled.State;
        if (!state.IsOpen)
            throw GrainException.NotFound($"Session {SessionId} does not exist.");
        // Turn numbers only grow: a page continues after the last number shown.
        var turns = (after is null ? state.Turns : state.Turns.Where(t => t.Number > after[0])).Take(limit + 1).ToList();
        string? next = null;
        if (turns.Count > limit)
        {
            turns.RemoveAt(limit);
            next = PageCursor.Encode(turns[^1].Number);
        }
        var view = ViewOf(state, _journaled.Version, turns);
        view.NextCursor = next ?? "";
        return Task.FromResult(view);
    }

    private SessionView ViewOf(SessionState state, long version, IEnumerable<SessionTurn>? turns = null)
    {
        var view = new SessionView
        {
            SessionId = SessionId,
            PersonaId = state.PersonaId,
            PersonId = state.PersonId,
            OpenedAt = Timestamp.FromDateTimeOffset(state.OpenedAt),
            Version = version,
            TurnCount = state.Turns.Count,
        };
        view.Turns.AddRange((turns ?? state.Turns).Select(t => new Turn
        {
            Number = t.Number,
            UserText = t.UserText,
            ReplyText = t.Reply,
            Status = t.Outcome switch
            {
                TurnOutcome.Replied => TurnStatus.Replied,
                TurnOutcome.Interrupted => TurnStatus.Interrupted,
                _ => TurnStatus.Unspecified,
            },
            SaidAt = Timestamp.FromDateTimeOffset(t.SaidAt),
            EndedAt = ProtoTimes.Of(t.EndedAt),
            PromptTokens = t.PromptTokens,
            ReplyTokens = t.ReplyTokens,
            Interruption = t.Interruption,
            ToolCalls = { (t.ToolCalls ?? []).Select(ToolCallView) },
        }));
        return view;
    }

    public override Task<SayReply> Say(SayRequest request, ServerCallContext context) =>
        TurnAsync(request, static (_, _) => Task.CompletedTask, context.CancellationToken, context.Deadline);

    /// <remarks>The grain runtime's stream writer takes no per-write token: the call's cancellation (context) ends the stream.</remarks>
    public override async Task SayStreaming(SayRequest request, IServerStreamWriter<ReplyChunk> responseStream, ServerCallContext context)
    {
        var streamed = 0;
        var reply = await TurnAsync(request, async (piece, _) =>
        {
            streamed++;
            await responseStream.WriteAsync(new ReplyChunk { Token = piece }).ConfigureAwait(false);
        }, context.CancellationToken, context.Deadline).ConfigureAwait(false);
        // A repeated request id of a replied turn streams nothing from the model: send its reply as one piece.
        if (streamed == 0 && reply.Text.Length > 0)
            await responseStream.WriteAsync(new ReplyChunk { Token = reply.Text }).ConfigureAwait(false);
        await responseStream.WriteAsync(new ReplyChunk { Done = reply }).ConfigureAwait(false);
    }

    private async Task<SayReply> TurnAsync(SayRequest request, Func<string, CancellationToken, Task> onPiece, CancellationToken callToken, DateTime callDeadline)
    {
        RequireSameSession(request.SessionId);
        if (!GrainIds.IsRequestId(request.RequestId))
            throw GrainException.Invalid("requestId", $"must be {GrainIds.RequestIdRule}");
        var fingerprint = Fingerprint(request);
        _journaled.RequireSameRequest(request.RequestId, fingerprint);
        var state = _journaled.State;
        if (state.TurnOf(request.RequestId) is { } replied)
        {
            // Older turns than the remembered requests: at least the words must be the same.
            if (!string.Equals(replied.UserText, request.Text.Trim(), StringComparison.Ordinal))
                throw GrainException.RequestIdReused(request.RequestId);
            return ReplyOf(replied, _journaled.Version);
        }
        if (request.Mode is not ("" or ModeAuto or ModeGenerate))
            throw GrainException.Invalid("mode", $"must be '{ModeAuto}' (the default) or '{ModeGenerate}'");
        var turn = SessionDecider.Accept(new Say(request.Text, request.MaxReplyTokens), state, _options.MaxReplyTokens, _quotas.TurnsPerSession);
        // The chat client is a port to the inference grains, registered whether or not a model is behind them.
        var generates = _chat is not null && _tokens is not null && _models?.IsConfigured != false;
        if (!generates && request.Mode == ModeGenerate)
            throw new GrainException(StatusCode.Unavailable, InferenceOptions.NotConfiguredMessage);

        var saidAt = Now;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        // The reply timeout, or the caller's deadline when that comes first.
        var timeout = callDeadline == DateTime.MaxValue ? _options.ReplyTimeout : callDeadline.ToUniversalTime() - DateTime.UtcNow;
        deadline.CancelAfter(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout < _options.ReplyTimeout ? timeout : _options.ReplyTimeout);
        AssembledPrompt prompt;
        IReadOnlyList<KnowledgeExcerpt> knowledge;
        IReadOnlyList<string> callable;
        try
        {
            var sources = await _sources.GatherAsync(Tenant, _activation.StreamKey, state.PersonaId, state.PersonId, [.. state.RepliedTurns], turn.Text, deadline.Token)
                .ConfigureAwait(false);
            if (!generates)
                {
                var extracted = await AnswerExtractivelyAsync(request.RequestId, fingerprint, turn, saidAt, sources, onPiece, deadline.Token).ConfigureAwait(false);
                RememberTurn(state, turn, saidAt);
                return extracted;
            }
            knowledge = sources.Knowledge ?? [];
            callable = sources.Persona.CallableTools;
            prompt = await PromptAssembler.AssembleAsync(sources, _options.PromptTokenBudget, _tokens!, deadline.Token).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // The token counter is the model's tokenizer, reached like the model: its failure is the turn's, same status.
            throw new GrainException(ex.StatusCode, ex.Status.Detail, retryAfter: GrainFaults.RetryAfterOf(ex));
        }
        catch (OperationCanceledException) when (!callToken.IsCancellationRequested)
        {
            throw new GrainException(StatusCode.DeadlineExceeded, "The prompt could not be assembled in time.");
        }

        var reply = new StringBuilder();
        var pieces = 0;
        long? generated = null;
        var calls = new ModelToolCalls();
        try
        {
            var options = new ChatOptions { MaxOutputTokens = turn.MaxReplyTokens, Temperature = 0f };
            var chat = _chat!;
            if (_toolbox is not null && _calling is not null && callable.Count > 0)
            {
                var offered = await _toolbox.OfferAsync(Tenant, callable, $"ses:{Tenant}/{SessionId}/{turn.Number}", $"session {SessionId}", calls, deadline.Token)
                    .ConfigureAwait(false);
                if (offered.Count > 0)
                {
                    options.Tools = [.. offered];
                    chat = _calling;
                }
            }
            await foreach (var update in chat.GetStreamingResponseAsync(prompt.Messages, options, deadline.Token).ConfigureAwait(false))
            {
                if (update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details.OutputTokenCount is { } output)
                    generated = output;
                var piece = update.Text;
                if (string.IsNullOrEmpty(piece))
                    continue;
                var room = SessionLimits.MaxReplyLength - reply.Length;
                if (piece.Length > room)
                    piece = piece[..room];
                reply.Append(piece);
                pieces++;
                await onPiece(piece, deadline.Token).ConfigureAwait(false);
                // A reply ends at its longest as at its token limit (leaving the loop stops the generation).
                if (reply.Length >= SessionLimits.MaxReplyLength)
                    break;
            }
        }
        catch (Exception ex) when (ex is not GrainException)
        {
            var (code, reason) = Failure(ex, callToken);
            LogReplyFailed(_logger, ex, _activation.StreamKey, turn.Number, pieces);
            // Tools called have had their effects: the turn is journaled as interrupted so the calls are on record.
            if (pieces > 0 || calls.Count > 0)
                await JournalInterruptionAsync(turn, request.RequestId, saidAt, reason, pieces, calls.ToList()).ConfigureAwait(false);
            // Load shedding keeps its retry-after hint, so the edge can answer 429 with Retry-After.
            throw new GrainException(code, $"The reply to turn {turn.Number} was not completed: {reason}",
                retryAfter: ex is RpcException rpc ? GrainFaults.RetryAfterOf(rpc) : null);
        }

        var text = reply.ToString();
        // The model's own count of what it generated when it reports one; otherwise its tokenizer's count of the text.
        var replyTokens = generated is { } reported ? (int)reported : await _tokens!.CountTokensAsync(text, CancellationToken.None).ConfigureAwait(false);
        // A generated reply cites the knowledge chunks its prompt carried (the model was told to mark what it uses).
        var cited = knowledge.Take(prompt.KnowledgeIncluded).Select(k => k.Citation).ToList();
        var answer = await _journaled.ExecuteAsync(
            request.RequestId,
            fingerprint,
            s => SessionDecider.Decide(new RecordReply(turn, request.RequestId, saidAt, text, prompt, replyTokens, cited, ToolCalls: calls.ToList()), s, Now),
            (s, version, events) => ReplyOf(s.Turns[^1], version)).ConfigureAwait(false);
        RememberTurn(state, turn, saidAt);
        return answer;
    }

    /// <summary>
    /// What the person told the persona becomes an episode of the persona's long-term memory (source <c>session</c>,
    /// attributed to the session's person). Questions are not memories, so a text ending in "?" is left out. Not awaited:
    /// the reply does not wait for the embedding, and the memory grain never calls a session back, so nothing can deadlock.
    /// The origin (session and turn number) makes a repeated delivery the same memory.
    /// </summary>
    private void RememberTurn(SessionState state, ValidTurn turn, DateTimeOffset saidAt)
    {
        var said = turn.Text.Trim();
        if (said.Length == 0 || said.EndsWith('?') || !_clients.IsHosted(MemoryClients.Kind))
            return;
        _ = RememberAsync();

        async Task RememberAsync()
        {
            try
            {
                await _clients.Memory(Tenant, state.PersonaId).RememberAsync(new RememberMemoryRequest
                {
                    RequestId = $"turn-{SessionId}-{turn.Number}",
                    Text = said.Length > MemoryLimits.MaxTextLength ? said[..MemoryLimits.MaxTextLength] : said,
                    PersonId = state.PersonId,
                    OccurredAt = Timestamp.FromDateTimeOffset(saidAt),
                    Source = MemoryEntrySource.Session,
                    Origin = $"session:{SessionId}:{turn.Number}",
                }).ResponseAsync.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogTurnNotRemembered(_logger, ex, _activation.StreamKey, turn.Number);
            }
        }
    }

    /// <summary>No model: quote the best knowledge chunks and the working memory, cite them, journal it as the turn's reply.</summary>
    private async Task<SayReply> AnswerExtractivelyAsync(
        string requestId, string fingerprint, ValidTurn turn, DateTimeOffset saidAt, PromptContext sources, Func<string, CancellationToken, Task> onPiece,
        CancellationToken cancellationToken)
    {
        var knowledge = sources.Knowledge ?? [];
        var text = ExtractiveAnswer.Compose(knowledge, sources.Memory, sources.Recalled);
        await onPiece(text, cancellationToken).ConfigureAwait(false);
        var quoted = new AssembledPrompt([], 0, 0, sources.Memory.Count, 0, 0, knowledge.Count);
        return await _journaled.ExecuteAsync(
            requestId,
            fingerprint,
            s => SessionDecider.Decide(new RecordReply(turn, requestId, saidAt, text, quoted, 0, [.. knowledge.Select(k => k.Citation)], Extractive: true), s, Now),
            (s, version, events) => ReplyOf(s.Turns[^1], version)).ConfigureAwait(false);
    }

    private async Task JournalInterruptionAsync(
        ValidTurn turn, string requestId, DateTimeOffset saidAt, string reason, int pieces, IReadOnlyList<ModelToolCall>? toolCalls = null)
    {
        try
        {
            // Its own request id: the client's id stays unanswered, so retrying it asks the model again.
            await _journaled.ExecuteAsync(
                $"interrupted-{Guid.CreateVersion7():N}",
                s => SessionDecider.Decide(new RecordInterruption(turn, requestId, saidAt, reason, pieces, toolCalls), s, Now),
                (s, version, events) => new SayReply { SessionId = SessionId, Turn = turn.Number, Version = version }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogInterruptionNotJournaled(_logger, ex, _activation.StreamKey, turn.Number);
        }
    }

    // The reason reaches the caller and the journal: it says what happened in words of ours, never an exception's own text
    // (a runner's or a socket's message can name hosts, paths or native errors); the exception itself is logged.
    private static (StatusCode Code, string Reason) Failure(Exception exception, CancellationToken callToken) => exception switch
    {
        OperationCanceledException when callToken.IsCancellationRequested => (StatusCode.Cancelled, "cancelled by the caller"),
        OperationCanceledException => (StatusCode.DeadlineExceeded, "the model did not finish in time"),
        RpcException { StatusCode: StatusCode.Cancelled } when callToken.IsCancellationRequested => (StatusCode.Cancelled, "cancelled by the caller"),
        RpcException { StatusCode: StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss } rpc =>
            (rpc.StatusCode, "the model failed; the error is in the inference member's log"),
        // The runtime's own refusals (no inference member, load shed, deadline) are written for callers.
        RpcException rpc => (rpc.StatusCode, $"the model failed: {rpc.Status.Detail}"),
        IOException or HttpRequestException or System.Net.Sockets.SocketException => (StatusCode.Unavailable, "the connection to the model was lost"),
        _ => (StatusCode.Unavailable, "the model failed; the error is in the member's log"),
    };

    private SayReply ReplyOf(SessionTurn turn, long version)
    {
        var reply = new SayReply
        {
            SessionId = SessionId,
            Turn = turn.Number,
            Text = turn.Reply,
            PromptTokens = turn.PromptTokens,
            ReplyTokens = turn.ReplyTokens,
            TurnsInPrompt = turn.TurnsInPrompt,
            TurnsLeftOut = turn.TurnsLeftOut,
            Version = version,
            Extractive = turn.Extractive,
        };
        reply.ToolCalls.AddRange((turn.ToolCalls ?? []).Select(ToolCallView));
        reply.Citations.AddRange((turn.Citations ?? []).Select(c => new Citation
        {
            CollectionId = c.CollectionId,
            DocumentId = c.DocumentId,
            Title = c.Title,
            ChunkId = c.ChunkId,
            Page = c.Page ?? 0,
        }));
        return reply;
    }

    public static ToolCall ToolCallView(ModelToolCall call) => new()
    {
        CallId = call.CallId, Tool = call.Tool, Arguments = call.Arguments, Result = call.Result, Succeeded = call.Succeeded,
    };

    /// <summary>What <paramref name="request"/> asks of this session (<see cref="RequestFingerprint"/>; the session id is the grain's).</summary>
    private string Fingerprint(Google.Protobuf.IMessage request) => RequestFingerprint.Of(request.Descriptor.FullName, SessionId, request, "session_id");

    private void RequireSameSession(string sessionId)
    {
        if (sessionId.Length > 0 && sessionId != SessionId)
            throw GrainException.Invalid("sessionId", $"addresses session '{sessionId}' but the call reached session '{SessionId}'");
    }


    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {Turn} of {StreamKey} was not remembered in long-term memory")]
    private static partial void LogTurnNotRemembered(ILogger logger, Exception exception, string streamKey, int turn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply to turn {Turn} of {StreamKey} failed after {Pieces} pieces")]
    private static partial void LogReplyFailed(ILogger logger, Exception exception, string streamKey, int turn, int pieces);

    [LoggerMessage(Level = LogLevel.Error, Message = "Interruption of turn {Turn} of {StreamKey} was not journaled")]
    private static partial void LogInterruptionNotJournaled(ILogger logger, Exception exception, string streamKey, int turn);
}
