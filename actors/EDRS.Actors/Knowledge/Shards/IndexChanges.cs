using EDRS.Actors.Knowledge.Shards.Events;

namespace EDRS.Actors.Knowledge.Shards;

/// <summary>
/// What an event does to a shard's indexes, derived (purely) from the state before it: a commit adds the staged chunks
/// and removes the previous version's; a removal removes the document's chunks; other events leave the indexes alone.
/// </summary>
public sealed record IndexChanges(IReadOnlyList<IndexedChunk> Upserts, IReadOnlyList<string> Deletes)
{
    public static readonly IndexChanges None = new([], []);

    public bool IsEmpty => Upserts.Count == 0 && Deletes.Count == 0;

    /// <summary>The index changes of <paramref name="event"/> applied to <paramref name="before"/>.</summary>
    public static IndexChanges Of(KnowledgeShardState before, KnowledgeShardEvent @event) => @event switch
    {
        KnowledgeDocumentAdded e => Committing(before, e.DocumentId, e.Version),
        KnowledgeDocumentUpdated e => Committing(before, e.DocumentId, e.Version),
        KnowledgeDocumentRemoved e => new([], ChunkKeysOf(before.DocumentOf(e.DocumentId))),
        _ => None,
    };

    /// <summary>The changes of each event in turn, folding the state as it goes.</summary>
    public static List<IndexChanges> Of(KnowledgeShardState before, IEnumerable<KnowledgeShardEvent> events)
    {
        var changes = new List<IndexChanges>();
        var state = before;
        foreach (var @event in events)
        {
            var change = Of(state, @event);
            if (!change.IsEmpty)
                changes.Add(change);
            state = KnowledgeShardDecider.Evolve(state, @event);
        }
        return changes;
    }

    /// <summary>The text the lexical ranking reads for a chunk: its title and headings count as words of it.</summary>
    public static string LexicalTextOf(string title, KnowledgeChunk chunk) =>
        chunk.HeadingPath.Count == 0 ? $"{title}\n{chunk.Text}" : $"{title}\n{string.Join('\n', chunk.HeadingPath)}\n{chunk.Text}";

    private static IndexChanges Committing(KnowledgeShardState before, string documentId, long version)
    {
        var staging = before.StagingOf(documentId, version)
            ?? throw new InvalidOperationException($"Version {version} of {documentId} was committed without a staging.");
        var upserts = staging.Chunks.Values
            .Select(c => new IndexedChunk(ChunkIds.Of(documentId, version, c.Chunk.Index), documentId, ChunkVectors.ToFloats(c.Vector), LexicalTextOf(staging.Title, c.Chunk)))
            .ToList();
        return new IndexChanges(upserts, ChunkKeysOf(before.DocumentOf(documentId)));
    }

    private static List<string> ChunkKeysOf(ShardDocument? document) =>
        document is null ? [] : [.. document.Chunks.Select(c => document.ChunkId(c.Index))];
}
