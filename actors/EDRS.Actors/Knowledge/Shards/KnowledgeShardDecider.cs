using System.Collections.Immutable;
using EDRS.Actors.Knowledge.Shards.Commands;
using EDRS.Actors.Knowledge.Shards.Events;
using EDRS.Actors.Knowledge.Sources;
using EDRS.Grains.Runtime;
using EDRS.Knowledge.Documents.Parsing;

namespace EDRS.Actors.Knowledge.Shards;

/// <summary>
/// A shard's rules, pure. A document changes in three steps so that no search ever sees half of two versions, and no
/// grain call or journal event grows with the document: <c>Begin</c> reserves the next version (or finds the content
/// unchanged), <c>Stage</c> adds embedded chunks in batches (journaled, invisible), and <c>Commit</c> swaps the whole
/// chunk set in one event. Every command first drops stagings left uncommitted for
/// <see cref="KnowledgeLimits.StagingTimeToLive"/> (a client that gave up), so they never hold the shard's budget.
/// </summary>
public static class KnowledgeShardDecider
{
    public static IReadOnlyList<KnowledgeShardEvent> Decide(KnowledgeShardCommand command, KnowledgeShardState state, string collectionId, DateTimeOffset now) => command switch
    {
        BeginDocument c => Begin(c, state, now),
        StageChunks c => Stage(c, state, now),
        CommitDocument c => Commit(c, state, collectionId, now),
        RemoveDocument c => Remove(c, state, collectionId, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A knowledge shard does not know this command."),
    };

    public static KnowledgeShardState Evolve(KnowledgeShardState state, KnowledgeShardEvent @event) => @event switch
    {
        KnowledgeDocumentBegun e => state with
        {
            Stagings = state.Stagings.SetItem(ChunkIds.VersionKey(e.DocumentId, e.Version), new DocumentStaging(
                e.DocumentId, e.Version, e.ContentHash, e.Title, e.ContentType, e.SourceUri, e.Tags, e.Pages, e.BegunAt,
                ImmutableSortedDictionary<int, EmbeddedChunk>.Empty)),
            LastVersions = state.LastVersions.SetItem(e.DocumentId, Math.Max(e.Version, state.LastVersions.GetValueOrDefault(e.DocumentId))),
        },
        KnowledgeChunksStaged e => state.StagingOf(e.DocumentId, e.Version) is { } staging
            ? state with
            {
                Stagings = state.Stagings.SetItem(staging.Key, staging with
                {
                    Chunks = staging.Chunks.SetItems(e.Chunks.Select(c => KeyValuePair.Create(c.Chunk.Index, c))),
                }),
            }
            : state,
        KnowledgeDocumentAdded e => Committed(state, e.DocumentId, e.Version, e.AddedAt),
        KnowledgeDocumentUpdated e => Committed(state, e.DocumentId, e.Version, e.UpdatedAt),
        KnowledgeDocumentRemoved e => state with { Documents = state.Documents.Remove(e.DocumentId) },
        KnowledgeStagingDropped e => state with { Stagings = state.Stagings.Remove(ChunkIds.VersionKey(e.DocumentId, e.Version)) },
        _ => throw new InvalidOperationException($"A knowledge shard does not know the event {@event.GetType().Name}."),
    };

    /// <summary>The document's metadata as the commands carry it, checked and normalised; throws a rejection naming the field.</summary>
    public static IReadOnlyList<string> NormalizeTags(IReadOnlyList<string> tags)
    {
        if (tags.Count > KnowledgeLimits.MaxTags)
            throw Reject.Invalid("tags", $"must have at most {KnowledgeLimits.MaxTags} entries (had {tags.Count})");
        var normalized = new List<string>(tags.Count);
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i].Trim();
            if (tag.Length is 0 or > KnowledgeLimits.MaxTagLength || tag.Any(char.IsControl))
                throw Reject.Invalid($"tags[{i}]", $"must be 1..{KnowledgeLimits.MaxTagLength} characters without control characters");
            if (!normalized.Contains(tag, StringComparer.Ordinal))
                normalized.Add(tag);
        }
        return normalized;
    }

    private static IReadOnlyList<KnowledgeShardEvent> Begin(BeginDocument command, KnowledgeShardState state, DateTimeOffset now)
    {
        RequireDocumentId(command.DocumentId);
        if (command.ContentHash.Length != 64 || !command.ContentHash.All(char.IsAsciiHexDigitLower))
            throw Reject.Invalid("contentHash", "must be 64 lowercase hex digits (SHA-256)");
        var title = command.Title.Trim();
        if (title.Length is 0 or > KnowledgeLimits.MaxTitleLength)
            throw Reject.Invalid("title", $"must be 1..{KnowledgeLimits.MaxTitleLength} characters");
        if (!DocumentContentTypes.Supported.Contains(command.ContentType))
            throw Reject.Invalid("contentType", $"must be one of {string.Join(", ", DocumentContentTypes.Supported)}");
        if (command.SourceUri.Length > 0 && SourceAllowList.ProblemWithSource(command.SourceUri) is { } sourceProblem)
            throw Reject.Invalid("sourceUri", sourceProblem);
        if (command.Pages < 0)
            throw Reject.Invalid("pages", "must not be negative");
        var tags = NormalizeTags(command.Tags);

        if (state.DocumentOf(command.DocumentId) is { } current && current.ContentHash == command.ContentHash)
            return []; // the same content: re-ingesting is a no-op

        var events = DropExpired(state, now);
        var version = Math.Max(state.LastVersions.GetValueOrDefault(command.DocumentId), state.DocumentOf(command.DocumentId)?.Version ?? 0) + 1;
        events.Add(new KnowledgeDocumentBegun(command.DocumentId, version, command.ContentHash, title, command.ContentType, command.SourceUri, tags, command.Pages, now));
        return events;
    }

    private static IReadOnlyList<KnowledgeShardEvent> Stage(StageChunks command, KnowledgeShardState state, DateTimeOffset now)
    {
        RequireDocumentId(command.DocumentId);
        if (command.Chunks.Count is 0 or > KnowledgeLimits.MaxChunksPerStage)
            throw Reject.Invalid("chunks", $"must hold 1..{KnowledgeLimits.MaxChunksPerStage} chunks (had {command.Chunks.Count})");
        var events = DropExpired(state, now);
        var staging = LiveStaging(state, events, command.DocumentId, command.Version);
        for (var i = 0; i < command.Chunks.Count; i++)
            CheckChunk(command.Chunks[i], $"chunks[{i}]");
        var added = command.Chunks.Select(c => c.Chunk.Index).Distinct().Count(index => !staging.Chunks.ContainsKey(index));
        var held = state.CommittedChunks + state.StagedChunks - events.OfType<KnowledgeStagingDropped>().Sum(d => state.StagingOf(d.DocumentId, d.Version)?.Chunks.Count ?? 0);
        if (held + added > KnowledgeLimits.MaxChunksPerShard)
            throw Reject.LimitReached(
                "Knowledge:MaxChunksPerShard",
                $"This shard holds {held} chunks and may hold at most {KnowledgeLimits.MaxChunksPerShard}: remove documents, or put the " +
                "documents in a collection with more shards.");
        events.Add(new KnowledgeChunksStaged(command.DocumentId, command.Version, command.Chunks));
        return events;
    }

    private static IReadOnlyList<KnowledgeShardEvent> Commit(CommitDocument command, KnowledgeShardState state, string collectionId, DateTimeOffset now)
    {
        RequireDocumentId(command.DocumentId);
        var current = state.DocumentOf(command.DocumentId);
        if (current is not null && current.Version == command.Version)
            return []; // committed before (a retry under another request id): nothing to do
        var events = DropExpired(state, now);
        var staging = LiveStaging(state, events, command.DocumentId, command.Version);
        if (command.ChunkCount is < 1 or > KnowledgeLimits.MaxChunksPerDocument)
            throw Reject.Invalid("chunks", $"must be 1..{KnowledgeLimits.MaxChunksPerDocument}");
        if (staging.Chunks.Count != command.ChunkCount || staging.Chunks.Keys.Any(index => index >= command.ChunkCount))
            throw Reject.Invalid("chunks", $"{command.ChunkCount} chunks were announced but chunks {Describe(staging.Chunks.Keys)} are staged: stage the missing ones");
        if (current is not null && current.Version > command.Version)
        {
            events.Add(new KnowledgeStagingDropped(command.DocumentId, command.Version, $"version {current.Version} was committed first", now));
            return events;
        }
        if (current is not null && current.ContentHash == staging.ContentHash)
        {
            events.Add(new KnowledgeStagingDropped(command.DocumentId, command.Version, "the current version has the same content", now));
            return events;
        }
        events.Add(current is null
            ? new KnowledgeDocumentAdded(collectionId, staging.DocumentId, staging.Version, staging.Title, staging.ContentType, staging.ContentHash,
                staging.SourceUri, staging.Tags, staging.Pages, command.ChunkCount, now)
            : new KnowledgeDocumentUpdated(collectionId, staging.DocumentId, staging.Version, current.Version, staging.Title, staging.ContentType,
                staging.ContentHash, staging.SourceUri, staging.Tags, staging.Pages, command.ChunkCount, now));
        return events;
    }

    private static IReadOnlyList<KnowledgeShardEvent> Remove(RemoveDocument command, KnowledgeShardState state, string collectionId, DateTimeOffset now)
    {
        RequireDocumentId(command.DocumentId);
        var document = state.DocumentOf(command.DocumentId)
            ?? throw Reject.NotFound($"Knowledge collection {collectionId} holds no document {command.DocumentId}.");
        var events = DropExpired(state, now);
        events.Add(new KnowledgeDocumentRemoved(collectionId, document.DocumentId, document.Version, document.Title, now));
        return events;
    }

    private static KnowledgeShardState Committed(KnowledgeShardState state, string documentId, long version, DateTimeOffset at)
    {
        var staging = state.StagingOf(documentId, version)
            ?? throw new InvalidOperationException($"Version {version} of {documentId} was committed without a staging.");
        var createdAt = state.DocumentOf(documentId)?.CreatedAt ?? at;
        var document = new ShardDocument(documentId, version, staging.ContentHash, staging.Title, staging.ContentType, staging.SourceUri,
            staging.Tags, staging.Pages, createdAt, at, [.. staging.Chunks.Values.Select(c => c.Chunk)]);
        return state with
        {
            Documents = state.Documents.SetItem(documentId, document),
            Stagings = state.Stagings.Remove(staging.Key),
        };
    }

    /// <summary>The staging of (<paramref name="documentId"/>, <paramref name="version"/>) unless it is missing or being dropped.</summary>
    private static DocumentStaging LiveStaging(KnowledgeShardState state, List<KnowledgeShardEvent> dropping, string documentId, long version)
    {
        var staging = state.StagingOf(documentId, version);
        if (staging is null || dropping.OfType<KnowledgeStagingDropped>().Any(d => d.DocumentId == documentId && d.Version == version))
            throw Reject.Conflict($"Version {version} of document {documentId} is not being staged (never begun, committed, or given up): begin again.");
        return staging;
    }

    private static List<KnowledgeShardEvent> DropExpired(KnowledgeShardState state, DateTimeOffset now) =>
    [
        .. state.Stagings.Values
            .Where(s => now - s.BegunAt >= KnowledgeLimits.StagingTimeToLive)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (KnowledgeShardEvent)new KnowledgeStagingDropped(s.DocumentId, s.Version, "not committed in time", now)),
    ];

    private static void CheckChunk(EmbeddedChunk embedded, string field)
    {
        var chunk = embedded.Chunk;
        if (chunk.Index is < 0 or >= KnowledgeLimits.MaxChunksPerDocument)
            throw Reject.Invalid($"{field}.index", $"must be 0..{KnowledgeLimits.MaxChunksPerDocument - 1}");
        if (string.IsNullOrWhiteSpace(chunk.Text) || chunk.Text.Length > KnowledgeLimits.MaxChunkTextLength)
            throw Reject.Invalid($"{field}.text", $"must be 1..{KnowledgeLimits.MaxChunkTextLength} characters, not blank");
        if (chunk.Start < 0 || chunk.End - chunk.Start != chunk.Text.Length)
            throw Reject.Invalid($"{field}.end", "start and end must be offsets into the document's text with end - start = the text's length");
        if (chunk.FirstPage is < 1 || chunk.LastPage < chunk.FirstPage || (chunk.FirstPage is null) != (chunk.LastPage is null))
            throw Reject.Invalid($"{field}.firstPage", "pages are 1-based, and lastPage is at least firstPage (both absent for a document without pages)");
        if (chunk.HeadingPath.Count > KnowledgeLimits.MaxHeadingPathEntries || chunk.HeadingPath.Any(h => h.Length > KnowledgeLimits.MaxHeadingLength))
            throw Reject.Invalid($"{field}.headingPath", $"must have at most {KnowledgeLimits.MaxHeadingPathEntries} headings of at most {KnowledgeLimits.MaxHeadingLength} characters");
        if (chunk.TokenCount < 0)
            throw Reject.Invalid($"{field}.tokenCount", "must not be negative");
        if (embedded.Vector.Length != KnowledgeLimits.VectorDimensions * sizeof(float))
            throw Reject.Invalid($"{field}.vector", $"must have {KnowledgeLimits.VectorDimensions} components (had {embedded.Vector.Length / (double)sizeof(float)})");
        if (ChunkVectors.ToFloats(embedded.Vector).Any(v => !float.IsFinite(v)))
            throw Reject.Invalid($"{field}.vector", "must hold finite numbers");
    }

    private static void RequireDocumentId(string documentId)
    {
        if (!GrainIds.IsEntityId(documentId))
            throw Reject.Invalid("documentId", $"must be {GrainIds.EntityIdRule}");
    }

    private static string Describe(IEnumerable<int> indexes)
    {
        var list = indexes.ToList();
        return list.Count == 0 ? "none" : list.Count <= 10 ? string.Join(", ", list) : $"{list.Count} of them ({list[0]}..{list[^1]})";
    }
}
