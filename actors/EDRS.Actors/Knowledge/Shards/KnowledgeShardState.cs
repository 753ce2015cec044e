using System.Collections.Immutable;

namespace EDRS.Actors.Knowledge.Shards;

/// <summary>
/// A shard as folded from its events: the current version of each of its documents (by id), the versions being
/// staged (by <c>{documentId}:{version}</c>), and the highest version ever begun per document, so that a removed and
/// re-added document never reuses a version (nor its chunk ids).
/// </summary>
public sealed record KnowledgeShardState(
    ImmutableDictionary<string, ShardDocument> Documents,
    ImmutableDictionary<string, DocumentStaging> Stagings,
    ImmutableDictionary<string, long> LastVersions)
{
    public static readonly KnowledgeShardState Initial = new(
        ImmutableDictionary.Create<string, ShardDocument>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, DocumentStaging>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, long>(StringComparer.Ordinal));

    /// <summary>Chunks of every current version.</summary>
    public int CommittedChunks => Documents.Values.Sum(d => d.Chunks.Count);

    /// <summary>Chunks staged and not yet committed.</summary>
    public int StagedChunks => Stagings.Values.Sum(s => s.Chunks.Count);

    public ShardDocument? DocumentOf(string documentId) => Documents.GetValueOrDefault(documentId);

    public DocumentStaging? StagingOf(string documentId, long version) => Stagings.GetValueOrDefault(ChunkIds.VersionKey(documentId, version));

    /// <summary>The chunk <paramref name="chunkId"/> of a current version, with its document; null when it is not current.</summary>
    public (ShardDocument Document, KnowledgeChunk Chunk)? ChunkOf(string chunkId)
    {
        if (!ChunkIds.TryParse(chunkId, out var documentId, out var version, out var index))
            return null;
        return Documents.TryGetValue(documentId, out var document) && document.Version == version && index < document.Chunks.Count
            ? (document, document.Chunks[index])
            : null;
    }
}
