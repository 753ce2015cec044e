using EDRS.Actors.Embeddings;
using EDRS.Actors.Inference;
using EDRS.Actors.Memory.Commands;
using EDRS.Actors.Memory.Events;
using EDRS.Actors.Memory.Retrieval;
using EDRS.Actors.Memory.Supersession;
using EDRS.Actors.Memory.Vectors;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Persistence.Journal;
using EDRS.Vectors;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Memory;

/// <summary>
/// One persona's long-term memory (kind <c>memory</c>, identity <c>{tenant}/{personaId}</c>): each rpc runs the
/// <see cref="MemoryDecider"/> through the grain's <see cref="JournaledState{TState, TEvent}"/>. Texts are embedded before
/// deciding (through the embedding port, a grain on the inference members) and the vector travels in the event, so replay
/// and activation never embed; the vector index (<see cref="MemoryIndex"/>) follows the state after each commit, and its
/// snapshot travels in the grain's (<see cref="MemorySnapshotAttachment"/>).
/// <para>
/// The persona's facts are mirrored by reading the persona's own journal from where the last mirror stopped (the persona
/// only nudges, through <c>MirrorFacts</c>, and never waits for it; a search catches up first), so this grain never calls
/// the persona and no call between them can deadlock. Episodes expire after the retention on a timer that sends the grain
/// its own <c>Sweep</c> through the cluster, as working memory does.
/// </para>
/// </summary>
public sealed partial class PersonaMemory : MemoryGrain.MemoryGrainBase, IJournaledGrain, IAsyncDisposable
{
    /// <summary>The retention timer never waits longer than this; a wake-up with nothing due just sets the next one.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    /// <summary>Expiries closer together than this are swept in one go.</summary>
    private static readonly TimeSpan SweepSlack = TimeSpan.FromSeconds(1);

    private readonly GrainActivation _activation;
    private readonly JournaledState<MemoryState, MemoryEvent> _journaled;
    private readonly GrainClients _clients;
    private readonly IEventJournal _journal;
    private readonly MemoryIndex _index;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly MemoryOptions _options;
    private readonly ModelUpdateJudge? _judge;
    private readonly ILogger<PersonaMemory> _logger;
    private readonly string _personaStream;
    private long _factsScannedThrough;
    private ITimer? _sweepTimer;
    private DateTimeOffset? _sweepAt;

    public PersonaMemory(
        GrainActivation activation,
        JournaledStateFactory states,
        GrainClients clients,
        IEventJournal journal,
        IVectorIndexFactory vectors,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        IOptions<MemoryOptions> options,
        ILogger<PersonaMemory> logger,
        IChatClient? chat = null,
        IModelAvailability? models = null)
    {
        _activation = activation;
        _clients = clients;
        _journal = journal;
        _embeddings = embeddings;
        _options = options.Value;
        _logger = logger;
        _index = new MemoryIndex(vectors, activation.Identity.ClusterIdentity);
        _journaled = states.Create<MemoryState, MemoryEvent>(activation, MemoryState.Initial, MemoryDecider.Evolve, new MemorySnapshotAttachment(_index));
        _personaStream = GrainIdentity.Of(GrainContract.Of(PersonaGrain.Descriptor).Kind, Tenant, PersonaId).StreamKey;
        if (_options.UpdateJudge == MemoryUpdateJudge.Model && chat is not null && models is { IsConfigured: true })
            _judge = new ModelUpdateJudge(chat);
    }

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    private string Tenant => _activation.Identity.Tenant;

    private string PersonaId => _activation.Identity.Key;

    private string Model => _embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId
        ?? throw new InvalidOperationException("The embedding port does not name its model (EmbeddingGeneratorMetadata.DefaultModelId).");

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await _journaled.RecoverAsync(cancellationToken).ConfigureAwait(false);
        _factsScannedThrough = _journaled.State.FactsMirroredThrough;
        await _index.SyncAsync(_journaled.State, cancellationToken).ConfigureAwait(false);
        ScheduleSweep();
    }

    public override async Task<MemoryAck> Remember(RememberMemoryRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var text = MemoryDecider.ValidText(request.Text);
        var vector = (await EmbedAsync([text], query: false, context.CancellationToken).ConfigureAwait(false))[0];
        var command = new RecordMemory(
            text, request.PersonId, EntryKinds.FromContract(request.Kind), request.Importance, request.OccurredAt?.ToDateTimeOffset(),
            EntrySources.FromContract(request.Source), request.Origin, vector, Model);
        if (_judge is not null)
            command = command with { Judged = await JudgeAsync(command, context.CancellationToken).ConfigureAwait(false) };

        var ack = await ExecuteAsync(request.RequestId, command, (state, version, events) => new MemoryAck
        {
            PersonaId = PersonaId,
            Memory = MemoryViews.ToView(events.OfType<MemoryRecorded>().SingleOrDefault() is { } recorded
                ? state.Find(recorded.Id)!
                : state.FindOrigin(request.Origin) ?? throw GrainException.FailedPrecondition($"The memory of origin '{request.Origin}' was deleted.")),
            Version = version,
        }).ConfigureAwait(false);
        ScheduleSweep();
        return ack;
    }

    public override async Task<MemorySearchResult> Search(SearchMemoriesRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var question = MemoryDecider.ValidText(request.Query, "query", MemoryLimits.MaxQueryLength);
        var k = request.K == 0 ? MemoryLimits.DefaultSearchResults : request.K;
        if (k is < 1 or > MemoryLimits.MaxSearchResults)
            throw GrainException.Invalid("k", $"must be 1..{MemoryLimits.MaxSearchResults} (was {request.K})");
        RequirePersonId("personId", request.PersonId);
        RequirePersonId("speakerId", request.SpeakerId);
        var mode = request.Ranking switch
        {
            MemoryRanking.Unspecified or MemoryRanking.Hybrid => RankingMode.Hybrid,
            MemoryRanking.Cosine => RankingMode.Cosine,
            _ => throw GrainException.Invalid("ranking", "must be hybrid or cosine"),
        };
        var asOf = request.AsOf?.ToDateTimeOffset() ?? Now;

        // Reads never see what should be gone: journal due expiries, and mirror facts the persona holds but this does not yet.
        await ExpireDueAsync().ConfigureAwait(false);
        await MirrorFactsAsync(0, context.CancellationToken).ConfigureAwait(false);

        var state = _journaled.State;
        var content = mode == RankingMode.Hybrid ? MemoryRanker.ContentOf(state, question, asOf) : question;
        string[] texts = content == question ? [question] : [question, content];
        var vectors = await EmbedAsync(texts, query: true, context.CancellationToken).ConfigureAwait(false);
        var query = new MemoryQuery(question, vectors[0], asOf, request.PersonId, request.SpeakerId, k, mode)
        {
            ContentVector = vectors.Length > 1 ? vectors[1] : [],
        };
        var nearest = await _index.NearestAsync(query.ContentVector.Length > 0 ? query.ContentVector : query.Vector,
            RankingWeights.Default.DenseCandidates, asOf, context.CancellationToken).ConfigureAwait(false);
        var ranked = MemoryRanker.Rank(state, query, RankingWeights.Default, nearest);
        var result = new MemorySearchResult { PersonaId = PersonaId, Version = _journaled.Version };
        result.Items.AddRange(ranked.Select(MemoryViews.ToScored));
        return result;
    }

    public override async Task<MemoryPage> List(ListMemoriesRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        RequirePersonId("personId", request.PersonId);
        var limit = request.Limit == 0 ? MemoryLimits.DefaultPageSize : request.Limit;
        if (limit is < 1 or > MemoryLimits.MaxPageSize)
            throw GrainException.Invalid("limit", $"must be 1..{MemoryLimits.MaxPageSize} (was {request.Limit})");
        if (request.AfterId < 0)
            throw GrainException.Invalid("cursor", "is not a cursor this API returned");
        // Like a search, a list never shows what should be gone (expired, or about a person the persona forgot).
        await ExpireDueAsync().ConfigureAwait(false);
        await MirrorFactsAsync(0, context.CancellationToken).ConfigureAwait(false);
        var matching = _journaled.State.Entries.Values
            .Where(e => e.Id > request.AfterId && (request.PersonId.Length == 0 || e.IsAbout(request.PersonId)))
            .Take(limit + 1)
            .ToList();
        var page = new MemoryPage { PersonaId = PersonaId, Version = _journaled.Version };
        page.Items.AddRange(matching.Take(limit).Select(MemoryViews.ToView));
        page.NextAfterId = matching.Count > limit ? matching[limit - 1].Id : 0;
        return page;
    }

    public override async Task<ForgetMemoryAck> Forget(ForgetMemoryRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return await ExecuteAsync(request.RequestId, new ForgetMemory(request.Id, "Deleted on request."), (_, version, _) =>
            new ForgetMemoryAck { PersonaId = PersonaId, Id = request.Id, Version = version }).ConfigureAwait(false);
    }

    public override async Task<ForgetPersonMemoriesAck> ForgetPerson(ForgetPersonMemoriesRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await ExecuteAsync(request.RequestId, new ErasePerson(request.PersonId), (_, version, events) => new ForgetPersonMemoriesAck
        {
            PersonaId = PersonaId,
            PersonId = request.PersonId,
            Erased = events.OfType<PersonMemoriesErased>().Sum(e => e.Ids.Length),
            Version = version,
        }).ConfigureAwait(false);
        // Erasure reaches the stored events and the snapshot too. Repeating it (a re-delivered request) finds nothing left.
        await RedactErasedAsync().ConfigureAwait(false);
        return ack;
    }

    public override async Task<MirrorFactsAck> MirrorFacts(MirrorFactsRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var changed = await MirrorFactsAsync(request.ThroughVersion, context.CancellationToken).ConfigureAwait(false);
        return new MirrorFactsAck
        {
            PersonaId = PersonaId,
            MirroredThrough = _journaled.State.FactsMirroredThrough,
            Changed = changed,
            Version = _journaled.Version,
        };
    }

    public override async Task<MemorySweepAck> Sweep(MemorySweepRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var expired = await ExpireDueAsync().ConfigureAwait(false);
        ScheduleSweep();
        return new MemorySweepAck { PersonaId = PersonaId, Expired = expired, Version = _journaled.Version };
    }

    /// <summary>Runs a command, then brings the index (and, after an erasure, the stored events and snapshot) in step.</summary>
    private async Task<TReply> ExecuteAsync<TReply>(string requestId, MemoryCommand command, Func<MemoryState, long, IReadOnlyList<MemoryEvent>, TReply> reply)
        where TReply : Google.Protobuf.IMessage<TReply>, new()
    {
        IReadOnlyList<MemoryEvent> applied = [];
        var answer = await _journaled.ExecuteAsync(requestId, s => MemoryDecider.Decide(command, s, Now), (state, version, events) =>
        {
            applied = events;
            return reply(state, version, events);
        }).ConfigureAwait(false);
        await FollowAsync(applied).ConfigureAwait(false);
        return answer;
    }

    /// <summary>The index follows committed events; if it cannot, the activation stops so the next one starts in step.</summary>
    private async Task FollowAsync(IReadOnlyList<MemoryEvent> events)
    {
        if (events.Count == 0)
            return;
        try
        {
            var state = _journaled.State;
            var erased = events.OfType<PersonMemoriesErased>().SelectMany(e => e.Ids).ToList();
            if (erased.Count > 0)
            {
                await _index.RebuildAsync(state, erased, CancellationToken.None).ConfigureAwait(false);
                await RedactErasedAsync().ConfigureAwait(false);
                return;
            }
            var upserted = events.Select(e => e switch { MemoryRecorded r => r.Id, MemoryRevised r => r.Id, _ => 0 })
                .Where(id => id != 0).Select(state.Find).OfType<MemoryEntry>().ToList();
            await _index.UpsertAsync(upserted, CancellationToken.None).ConfigureAwait(false);
            var removed = events.SelectMany(e => e switch { MemoryForgotten f => new[] { f.Id }, MemoriesExpired x => x.Ids, _ => [] }).ToList();
            await _index.DeleteAsync(removed, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _activation.StopAfterThisCall();
            LogIndexBehind(_logger, ex, _activation.StreamKey);
            throw new GrainException(StatusCode.Unavailable, $"The memory was saved but its vector index could not be updated: {ex.Message}. Retry the call.");
        }
    }

    /// <summary>
    /// Rewrites the stored events of every erased memory without its text and vector, then snapshots (index included).
    /// Memories attributed to an erased person that were already gone from state (a retracted fact's mirror, a deleted or
    /// expired memory) are erased from the stored events too: their recording events still hold the text.
    /// </summary>
    private async Task RedactErasedAsync()
    {
        var erased = new HashSet<long>();
        // Memories recorded about each person so far in the stream: an erasure covers those, not what is learnt after it.
        var recordedAbout = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        await foreach (var recorded in _journal.ReadAsync(_activation.StreamKey, 0).ConfigureAwait(false))
        {
            if (recorded.Data is PersonMemoriesErased e)
            {
                erased.UnionWith(e.Ids);
                if (recordedAbout.Remove(e.PersonId, out var earlier))
                    erased.UnionWith(earlier);
            }
            else if (recorded.Data is MemoryRecorded r && r.PersonId.Length > 0)
            {
                if (!recordedAbout.TryGetValue(r.PersonId, out var ids))
                    recordedAbout[r.PersonId] = ids = [];
                ids.Add(r.Id);
            }
        }
        if (erased.Count > 0)
            await _journaled.RedactAsync(e => MemoryDecider.Redact(e, erased)).ConfigureAwait(false);
    }

    /// <summary>
    /// Mirrors the persona's fact changes from its journal, after the last ones mirrored, up to <paramref name="through"/>
    /// (0: all there are). Returns how many changed memory.
    /// </summary>
    private async Task<int> MirrorFactsAsync(long through, CancellationToken cancellationToken)
    {
        if (through > 0 && through <= _factsScannedThrough)
            return 0;
        var changes = new List<(FactChangeType Type, long FactId, string PersonId, EntryKind Kind, string Text, DateTimeOffset At, long Superseded)>();
        var last = _factsScannedThrough;
        await foreach (var recorded in _journal.ReadAsync(_personaStream, _factsScannedThrough, cancellationToken).ConfigureAwait(false))
        {
            last = recorded.Version;
            switch (recorded.Data)
            {
                case PersonFactRemembered e:
                    changes.Add((FactChangeType.Remembered, e.FactId, e.PersonId, EntryKinds.FromFact(e.Kind), FactMemories.Text(e.Subject, e.Text), e.RememberedAt, e.SupersededFactId));
                    break;
                case PersonFactRevised e:
                    var memory = _journaled.State.FindOrigin(MemoryDecider.FactOrigin(e.FactId));
                    changes.Add((FactChangeType.Revised, e.FactId, e.PersonId, EntryKind.Note, memory is null || e.Text.Length == 0 ? e.Text : FactMemories.Revised(memory.Text, e.Text), e.RevisedAt, 0));
                    break;
                case PersonFactRetracted e:
                    changes.Add((FactChangeType.Retracted, e.FactId, e.PersonId, EntryKind.Note, "", e.RetractedAt, 0));
                    break;
                case PersonForgotten e:
                    changes.Add((FactChangeType.PersonForgotten, 0, e.PersonId, EntryKind.Note, "", e.ForgottenAt, 0));
                    break;
            }
        }
        if (changes.Count == 0)
        {
            _factsScannedThrough = last;
            return 0;
        }

        var texts = changes.Where(c => c.Text.Length > 0).Select(c => c.Text).Distinct(StringComparer.Ordinal).ToList();
        var vectors = texts.Count == 0 ? [] : await EmbedAsync(texts, query: false, cancellationToken).ConfigureAwait(false);
        var byText = texts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => vectors[x.i], StringComparer.Ordinal);
        var model = Model;
        var command = new MirrorFacts(last, [.. changes.Select(c => new FactChange(
            c.Type, c.FactId, c.PersonId, c.Kind, c.Text, c.At, c.Superseded, c.Text.Length > 0 ? byText[c.Text] : [], model))]);
        // The request id is the persona's stream version: a repeated mirror of the same changes is the same command.
        var changed = 0;
        await ExecuteAsync($"facts-{PersonaId}-{last}", command, (_, version, events) =>
        {
            changed = events.Count(e => e is not FactsMirrored);
            return new MirrorFactsAck { PersonaId = PersonaId, MirroredThrough = last, Changed = changed, Version = version };
        }).ConfigureAwait(false);
        _factsScannedThrough = last;
        return changed;
    }

    private async Task<int> ExpireDueAsync()
    {
        if (_options.EpisodeRetention <= TimeSpan.Zero || _journaled.State.NextExpiry(_options.EpisodeRetention, _options.KeepImportanceFrom) is not { } next || next > Now)
            return 0;
        var expired = 0;
        await ExecuteAsync($"expire-{Guid.CreateVersion7():N}", new ExpireMemories(_options.EpisodeRetention, _options.KeepImportanceFrom), (_, version, events) =>
        {
            expired = events.OfType<MemoriesExpired>().Sum(e => e.Ids.Length);
            return new MemorySweepAck { PersonaId = PersonaId, Expired = expired, Version = version };
        }).ConfigureAwait(false);
        return expired;
    }

    private async Task<JudgedUpdate?> JudgeAsync(RecordMemory command, CancellationToken cancellationToken)
    {
        var incoming = new MemoryEntry(0, command.Text, command.PersonId, command.Kind ?? EntryKind.Note, command.Importance,
            command.OccurredAt ?? Now, Now, command.Source ?? EntrySource.Told, command.Origin, [], []) { Vector = command.Vector };
        var held = SupersessionRules.Candidates(_journaled.State, incoming, ModelUpdateJudge.MaxCandidates)
            .Where(c => c.Similarity >= ModelUpdateJudge.MinSimilarity).Select(c => c.Entry).ToList();
        return await _judge!.JudgeAsync(incoming, held, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Embeddings of <paramref name="texts"/>, rounded to the half precision the memory keeps.</summary>
    private async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, bool query, CancellationToken cancellationToken)
    {
        try
        {
            var embeddings = await _embeddings.GenerateAsync(texts, query ? EmbeddingInputs.ForQueries() : null, cancellationToken).ConfigureAwait(false);
            return [.. embeddings.Select(e => HalfVectors.Round(e.Vector.Span))];
        }
        catch (RpcException ex)
        {
            throw new GrainException(ex.StatusCode is StatusCode.InvalidArgument ? StatusCode.Internal : ex.StatusCode,
                $"The text could not be embedded: {ex.Status.Detail}", retryAfter: GrainFaults.RetryAfterOf(ex));
        }
    }

    /// <summary>Sets the timer for the next expiry (or none when no episode will expire, so the grain can passivate).</summary>
    private void ScheduleSweep()
    {
        var next = _options.EpisodeRetention > TimeSpan.Zero ? _journaled.State.NextExpiry(_options.EpisodeRetention, _options.KeepImportanceFrom) : null;
        if (next == _sweepAt)
            return;
        _sweepTimer?.Dispose();
        _sweepTimer = null;
        _sweepAt = next;
        if (next is not { } at)
            return;
        var due = at - Now + SweepSlack;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > LongestWait ? LongestWait : due;
        // The callback holds the grain's address, not the grain: a timer that outlives a passivated activation must not
        // keep it (its state, its index) in memory until it fires.
        var (clients, tenant, personaId, logger, streamKey) = (_clients, Tenant, PersonaId, _logger, _activation.StreamKey);
        _sweepTimer = _activation.Time.CreateTimer(_ => _ = SweepAsync(clients, tenant, personaId, logger, streamKey), null, due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// A stopped activation frees its index (an in-member graph's native memory) at once. Its sweep timer stays set: it
    /// holds only what sending the <c>Sweep</c> needs (see <see cref="ScheduleSweep"/>), so it still wakes the grain when the
    /// next episode expires, without keeping this activation alive until then.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        _index.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Through the cluster, not a direct call: the sweep must wait its turn in the grain's mailbox (and re-activates a passivated grain).</summary>
    private static async Task SweepAsync(GrainClients clients, string tenant, string personaId, ILogger logger, string streamKey)
    {
        try
        {
            await clients.Memory(tenant, personaId)
                .SweepAsync(new MemorySweepRequest { RequestId = $"sweep-{Guid.CreateVersion7():N}" })
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The member may be shutting down; the next call or activation expires the episodes anyway.
            LogSweepFailed(logger, ex, streamKey);
        }
    }

    private static void RequirePersonId(string field, string value)
    {
        if (value.Length > 0 && !GrainIds.IsEntityId(value))
            throw GrainException.Invalid(field, $"must be empty or {GrainIds.EntityIdRule}");
    }

    private void RequireSamePersona(string personaId)
    {
        if (personaId.Length > 0 && personaId != PersonaId)
            throw GrainException.Invalid("personaId", $"addresses persona '{personaId}' but the call reached the memory of '{PersonaId}'");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention sweep of {StreamKey} did not run")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string streamKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The vector index of {StreamKey} fell behind its state; the activation stops and the next one rebuilds it")]
    private static partial void LogIndexBehind(ILogger logger, Exception exception, string streamKey);
}
