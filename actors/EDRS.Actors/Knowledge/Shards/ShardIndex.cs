using EDRS.Actors.Knowledge.Search;
using EDRS.Grains.Runtime;
using EDRS.Vectors;
using Microsoft.Extensions.VectorData;

namespace EDRS.Actors.Knowledge.Shards;

/// <summary>
/// A shard's two indexes, both derived from its journaled state: the chunks' vectors (the vector index port: HNSW in the
/// member, or Qdrant) and a BM25 index of their words. They change only after the journal has committed the event that
/// changes them (<see cref="Expect"/> before the append, <see cref="ApplyAsync"/> after), so a search never sees a chunk
/// the journal does not hold. As the snapshot attachment, it stores the vector index beside the state (vectors and graph,
/// so activation never re-embeds nor rebuilds the graph); the BM25 index is rebuilt from the state's texts.
/// </summary>
/// <remarks>
/// The runtime may take a snapshot between the append and the grain's next step; <see cref="Export"/> therefore first
/// applies what is pending, so the attachment always matches the state's version.
/// </remarks>
public sealed class ShardIndex : ISnapshotAttachment<KnowledgeShardState>, IDisposable
{
    private readonly VectorIndex<ChunkVectorRecord> _vectors;
    private readonly LexicalIndex _lexical = new();
    private readonly List<IndexChanges> _pending = [];

    public ShardIndex(VectorIndex<ChunkVectorRecord> vectors) => _vectors = vectors;

    /// <summary>Chunks in the lexical index.</summary>
    public int LexicalCount => _lexical.Count;

    public Task OpenAsync(CancellationToken cancellationToken) => _vectors.EnsureCollectionExistsAsync(cancellationToken);

    /// <summary>Changes to make once the events they come from are journaled.</summary>
    public void Expect(IEnumerable<IndexChanges> changes) => _pending.AddRange(changes);

    /// <summary>Forgets pending changes whose events were not journaled.</summary>
    public void Discard() => _pending.Clear();

    /// <summary>Makes the pending changes, in order. <paramref name="lexical"/> false: the vectors only (the caller rebuilds the words).</summary>
    public async Task ApplyAsync(bool lexical = true, CancellationToken cancellationToken = default)
    {
        while (_pending.Count > 0)
        {
            var change = _pending[0];
            if (change.Deletes.Count > 0)
                await _vectors.DeleteAsync(change.Deletes, cancellationToken).ConfigureAwait(false);
            if (change.Upserts.Count > 0)
            {
                await _vectors.UpsertAsync(change.Upserts.Select(c => new ChunkVectorRecord { Key = c.Key, DocumentId = c.DocumentId, Vector = c.Vector }), cancellationToken)
                    .ConfigureAwait(false);
            }
            if (lexical)
            {
                foreach (var key in change.Deletes)
                    _lexical.Remove(key);
                foreach (var chunk in change.Upserts)
                    _lexical.Upsert(chunk.Key, chunk.LexicalText);
            }
            _pending.RemoveAt(0);
        }
    }

    /// <summary>Indexes the words of every current chunk of <paramref name="state"/> afresh.</summary>
    public void RebuildLexical(KnowledgeShardState state)
    {
        _lexical.Clear();
        foreach (var document in state.Documents.Values)
        {
            foreach (var chunk in document.Chunks)
                _lexical.Upsert(document.ChunkId(chunk.Index), IndexChanges.LexicalTextOf(document.Title, chunk));
        }
    }

    /// <summary>The nearest chunks to <paramref name="query"/> by cosine similarity, among <paramref name="documents"/> (null: all).</summary>
    public async Task<List<(string Key, float Score)>> DenseAsync(float[] query, int top, IReadOnlyList<string>? documents, CancellationToken cancellationToken)
    {
        var options = new VectorSearchOptions<ChunkVectorRecord>();
        if (documents is not null)
        {
            var allowed = documents.ToList();
            options.Filter = r => allowed.Contains(r.DocumentId);
        }
        var hits = new List<(string, float)>(top);
        await foreach (var hit in _vectors.SearchAsync(query, top, options, cancellationToken).ConfigureAwait(false))
            hits.Add((hit.Record.Key, (float)(hit.Score ?? 0d)));
        return hits;
    }

    /// <summary>The cosine similarity of one chunk to <paramref name="query"/> (0 when the index does not hold it).</summary>
    public async Task<float> DenseScoreAsync(string key, float[] query, CancellationToken cancellationToken)
    {
        var record = await _vectors.GetAsync(key, new RecordRetrievalOptions { IncludeVectors = true }, cancellationToken).ConfigureAwait(false);
        return record is null ? 0f : ChunkVectors.Dot(record.Vector.Span, query);
    }

    public List<(string Key, float Score)> Lexical(IReadOnlyCollection<string> terms, int top, Func<string, bool>? accept) =>
        _lexical.Search(terms, top, accept);

    public float LexicalScore(string key, IReadOnlyCollection<string> terms) => _lexical.Score(key, terms);

    public byte[]? Export(KnowledgeShardState state)
    {
        if (!_vectors.OwnerKeepsSnapshot)
            return null;
        // The in-member index works synchronously: its tasks are complete when they return.
        ApplyAsync().GetAwaiter().GetResult();
        return _vectors.Export();
    }

    public KnowledgeShardState Import(KnowledgeShardState state, byte[] attachment)
    {
        if (_vectors.OwnerKeepsSnapshot)
            _vectors.Import(attachment);
        return state;
    }

    public void Dispose() => _vectors.Dispose();
}
