using EDRS.Actors.Knowledge.Search;
using EDRS.Actors.Knowledge.Shards.Commands;
using EDRS.Actors.Knowledge.Shards.Events;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Grains.Runtime;
using EDRS.Vectors;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EDRS.Actors.Knowledge.Shards;

/// <summary>
/// One shard of a knowledge collection (kind <c>knowledge-shard</c>, identity <c>{tenant}/{collectionId}.s{n}</c>): the
/// documents whose id hashes to it, their chunks, and the indexes that rank them. Commands run the
/// <see cref="KnowledgeShardDecider"/> through the grain's <see cref="JournaledState{TState,TEvent}"/>; the indexes
/// (<see cref="ShardIndex"/>) follow the journal: each command's index changes are computed before the append and made
/// after it. Searches run in the mailbox like commands, so a search sees a document's old chunk set or its new one,
/// never a mix.
/// </summary>
/// <remarks>
/// Recovery: the snapshot brings the state and the vector index (its binary attachment); the events after it are folded
/// with their index changes recorded, which are then applied, and the BM25 index is rebuilt from the state's texts.
/// Snapshots are taken every <see cref="SnapshotEveryChunks"/> staged chunks (staged events are large, so a count of
/// events alone would let the tail grow to hundreds of megabytes), and at once after a removal, so a removed document's
/// chunks leave the snapshot with it.
/// </remarks>
public sealed partial class KnowledgeShard : KnowledgeShardGrain.KnowledgeShardGrainBase, IJournaledGrain, IAsyncDisposable
{
    /// <summary>Staged chunks journaled since the last snapshot before the shard takes a new one.</summary>
    public const int SnapshotEveryChunks = 2_000;

    private readonly GrainActivation _activation;
    private readonly JournaledState<KnowledgeShardState, KnowledgeShardEvent> _journaled;
    private readonly ShardIndex _index;
    private readonly ILogger<KnowledgeShard> _logger;
    private readonly string _collectionId;
    private bool _recovering;
    private int _chunksSinceSnapshot;

    public KnowledgeShard(GrainActivation activation, JournaledStateFactory states, IVectorIndexFactory vectors, ILogger<KnowledgeShard> logger)
    {
        _activation = activation;
        _logger = logger;
        _collectionId = ShardKeys.TryParse(activation.Identity.Key, out var collectionId, out _)
            ? collectionId
            : throw GrainException.Invalid("identity", $"'{activation.Identity.Key}' is not a knowledge shard key ({{collectionId}}.s{{n}})");
        _index = new ShardIndex(vectors.Create<ChunkVectorRecord>(new VectorIndexName("knowledge", activation.Identity.ClusterIdentity)));
        _journaled = states.Create<KnowledgeShardState, KnowledgeShardEvent>(activation, KnowledgeShardState.Initial, Evolve, _index);
    }

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    private KnowledgeShardState State => _journaled.State;

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await _index.OpenAsync(cancellationToken).ConfigureAwait(false);
        _recovering = true;
        try
        {
            await _journaled.RecoverAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _recovering = false;
        }
        await _index.ApplyAsync(lexical: false, cancellationToken).ConfigureAwait(false);
        _index.RebuildLexical(State);
    }

    public override Task<BeginDocumentReply> BeginDocument(BeginDocumentRequest request, ServerCallContext context)
    {
        var command = new BeginDocument(request.DocumentId, request.ContentHash, request.Title, request.ContentType, request.SourceUri, [.. request.Tags], request.Pages);
        return ExecuteAsync(request.RequestId, command, (state, version, events) =>
        {
            if (events.OfType<KnowledgeDocumentBegun>().SingleOrDefault() is { } begun)
                return new BeginDocumentReply { DocumentId = begun.DocumentId, Version = begun.Version };
            var current = state.DocumentOf(request.DocumentId)!;
            return new BeginDocumentReply { DocumentId = current.DocumentId, Version = current.Version, Unchanged = true, Chunks = current.Chunks.Count };
        });
    }

    public override Task<StageChunksAck> StageChunks(StageChunksRequest request, ServerCallContext context)
    {
        var chunks = request.Chunks.Select(c => new EmbeddedChunk(
            new KnowledgeChunk(c.Index, c.Text, c.Start, c.End, c.FirstPage == 0 ? null : c.FirstPage, c.LastPage == 0 ? null : c.LastPage, [.. c.HeadingPath], c.TokenCount),
            ChunkVectors.ToBytes([.. c.Vector]))).ToList();
        var command = new StageChunks(request.DocumentId, request.Version, chunks);
        return ExecuteAsync(request.RequestId, command, (state, version, events) => new StageChunksAck
        {
            DocumentId = request.DocumentId,
            Version = request.Version,
            Staged = state.StagingOf(request.DocumentId, request.Version)?.Chunks.Count ?? 0,
        });
    }

    public override Task<DocumentAck> CommitDocument(CommitDocumentRequest request, ServerCallContext context)
    {
        var command = new CommitDocument(request.DocumentId, request.Version, request.Chunks);
        return ExecuteAsync(request.RequestId, command, (state, version, events) =>
        {
            var current = state.DocumentOf(request.DocumentId);
            var ack = new DocumentAck { DocumentId = request.DocumentId, Version = current?.Version ?? 0, Chunks = current?.Chunks.Count ?? 0 };
            switch (events.LastOrDefault())
            {
                case KnowledgeDocumentUpdated updated:
                    ack.ReplacedVersion = updated.ReplacedVersion;
                    break;
                case KnowledgeStagingDropped:
                    ack.Unchanged = true;
                    break;
            }
            return ack;
        });
    }

    public override async Task<RemoveDocumentAck> RemoveDocument(RemoveDocumentRequest request, ServerCallContext context)
    {
        var ack = await ExecuteAsync(request.RequestId, new RemoveDocument(request.DocumentId), (state, version, events) => new RemoveDocumentAck
        {
            DocumentId = request.DocumentId,
            RemovedVersion = events.OfType<KnowledgeDocumentRemoved>().Single().Version,
        }).ConfigureAwait(false);
        // The removed chunks must not outlive the removal in the stored snapshot.
        await SnapshotAsync().ConfigureAwait(false);
        return ack;
    }

    public override Task<DocumentView> GetDocument(GetDocumentRequest request, ServerCallContext context)
    {
        var document = State.DocumentOf(request.DocumentId)
            ?? throw GrainException.NotFound($"Knowledge collection {_collectionId} holds no document {request.DocumentId}.");
        return Task.FromResult(ViewOf(document));
    }

    public override Task<DocumentPage> ListDocuments(ListDocumentsRequest request, ServerCallContext context)
    {
        if (request.Limit is < 1 or > KnowledgeLimits.MaxPageSize)
            throw GrainException.Invalid("limit", $"must be 1..{KnowledgeLimits.MaxPageSize}");
        var after = request.AfterDocumentId;
        var page = State.Documents.Values
            .Where(d => string.CompareOrdinal(d.DocumentId, after) > 0)
            .OrderBy(d => d.DocumentId, StringComparer.Ordinal)
            .Take(request.Limit + 1)
            .ToList();
        var reply = new DocumentPage { More = page.Count > request.Limit };
        reply.Documents.AddRange(page.Take(request.Limit).Select(ViewOf));
        return Task.FromResult(reply);
    }

    public override async Task<ShardSearchReply> Search(ShardSearchRequest request, ServerCallContext context)
    {
        if (request.Query.Length > KnowledgeLimits.MaxQueryLength)
            throw GrainException.Invalid("query", $"must be at most {KnowledgeLimits.MaxQueryLength} characters");
        if (request.QueryVector.Count is not (0 or KnowledgeLimits.VectorDimensions))
            throw GrainException.Invalid("queryVector", $"must have {KnowledgeLimits.VectorDimensions} components, or none (lexical ranking only)");
        if (request.Candidates is < 1 or > KnowledgeLimits.MaxCandidates)
            throw GrainException.Invalid("candidates", $"must be 1..{KnowledgeLimits.MaxCandidates}");
        if (request.Tags.Count > KnowledgeLimits.MaxTags)
            throw GrainException.Invalid("tags", $"must have at most {KnowledgeLimits.MaxTags} entries");

        var state = State;
        var reply = new ShardSearchReply { Chunks = state.CommittedChunks };
        if (state.Documents.IsEmpty)
            return reply;
        IReadOnlyList<string>? documents = null;
        Func<string, bool>? accept = null;
        if (request.Tags.Count > 0)
        {
            var tags = request.Tags.ToHashSet(StringComparer.Ordinal);
            var allowed = state.Documents.Values.Where(d => d.Tags.Any(tags.Contains)).Select(d => d.DocumentId).ToHashSet(StringComparer.Ordinal);
            if (allowed.Count == 0)
                return reply;
            documents = [.. allowed];
            accept = key => ChunkIds.TryParse(key, out var documentId, out _, out _) && allowed.Contains(documentId);
        }

        var vector = request.QueryVector.Count == 0 ? null : request.QueryVector.ToArray();
        var terms = LexicalAnalyzer.Terms(request.Query);
        var dense = vector is null ? [] : await _index.DenseAsync(vector, request.Candidates, documents, context.CancellationToken).ConfigureAwait(false);
        var lexical = terms.Count == 0 ? [] : _index.Lexical(terms, request.Candidates, accept);

        var scores = new Dictionary<string, (float Dense, float Lexical)>(StringComparer.Ordinal);
        foreach (var (key, score) in dense)
            scores[key] = (score, _index.LexicalScore(key, terms));
        foreach (var (key, score) in lexical)
        {
            if (!scores.ContainsKey(key))
                scores[key] = (vector is null ? 0f : await _index.DenseScoreAsync(key, vector, context.CancellationToken).ConfigureAwait(false), score);
        }
        foreach (var (key, (denseScore, lexicalScore)) in scores)
        {
            if (state.ChunkOf(key) is not var (document, chunk))
                continue;
            var candidate = new ChunkCandidate
            {
                DocumentId = document.DocumentId,
                Title = document.Title,
                Version = document.Version,
                ChunkId = key,
                Index = chunk.Index,
                Text = chunk.Text,
                Start = chunk.Start,
                End = chunk.End,
                FirstPage = chunk.FirstPage ?? 0,
                LastPage = chunk.LastPage ?? 0,
                DenseScore = denseScore,
                LexicalScore = lexicalScore,
                UpdatedAt = Timestamp.FromDateTimeOffset(document.UpdatedAt),
            };
            candidate.HeadingPath.AddRange(chunk.HeadingPath);
            reply.Candidates.Add(candidate);
        }
        return reply;
    }

    public ValueTask DisposeAsync()
    {
        _index.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Decide, journal, then change the indexes (and snapshot when enough chunks were staged).</summary>
    private async Task<TReply> ExecuteAsync<TReply>(string requestId, KnowledgeShardCommand command, Func<KnowledgeShardState, long, IReadOnlyList<KnowledgeShardEvent>, TReply> reply)
        where TReply : Google.Protobuf.IMessage<TReply>, new()
    {
        var staged = 0;
        TReply answer;
        try
        {
            answer = await _journaled.ExecuteAsync(requestId, state =>
            {
                var events = KnowledgeShardDecider.Decide(command, state, _collectionId, Now);
                _index.Discard();
                _index.Expect(IndexChanges.Of(state, events));
                staged = events.OfType<KnowledgeChunksStaged>().Sum(e => e.Chunks.Count);
                return events;
            }, reply).ConfigureAwait(false);
        }
        catch
        {
            _index.Discard();
            throw;
        }
        await _index.ApplyAsync().ConfigureAwait(false);
        _chunksSinceSnapshot += staged;
        if (_chunksSinceSnapshot >= SnapshotEveryChunks)
            _ = SnapshotAsync();
        return answer;
    }

    private async Task SnapshotAsync()
    {
        _chunksSinceSnapshot = 0;
        try
        {
            await _journaled.SaveSnapshotAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A lost snapshot costs recovery time only; the journal holds everything.
            LogSnapshotFailed(_logger, ex, _activation.StreamKey);
        }
    }

    /// <summary>The decider's fold; while recovering it also records each event's index changes, applied once recovery ends.</summary>
    private KnowledgeShardState Evolve(KnowledgeShardState state, KnowledgeShardEvent @event)
    {
        if (_recovering)
        {
            var changes = IndexChanges.Of(state, @event);
            if (!changes.IsEmpty)
                _index.Expect([changes]);
            if (@event is KnowledgeChunksStaged staged)
                _chunksSinceSnapshot += staged.Chunks.Count;
        }
        return KnowledgeShardDecider.Evolve(state, @event);
    }

    private static DocumentView ViewOf(ShardDocument document)
    {
        var view = new DocumentView
        {
            DocumentId = document.DocumentId,
            Title = document.Title,
            SourceUri = document.SourceUri,
            ContentType = document.ContentType,
            ContentHash = document.ContentHash,
            Version = document.Version,
            Chunks = document.Chunks.Count,
            Pages = document.Pages,
            CreatedAt = Timestamp.FromDateTimeOffset(document.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(document.UpdatedAt),
        };
        view.Tags.AddRange(document.Tags);
        return view;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of knowledge shard {StreamKey} was not saved")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception, string streamKey);
}
