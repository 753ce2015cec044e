namespace EDRS.Actors.Knowledge.Shards;

/// <summary>A document's current version as its shard holds it: metadata and chunks in text order.</summary>
public sealed record ShardDocument(
    string DocumentId,
    long Version,
    string ContentHash,
    string Title,
    string ContentType,
    string SourceUri,
    IReadOnlyList<string> Tags,
    int Pages,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<KnowledgeChunk> Chunks)
{
    public string ChunkId(int index) => ChunkIds.Of(DocumentId, Version, index);
}
