namespace EDRS.Actors.Knowledge.Shards.Events;

/// <summary>
/// A document that the shard did not hold became searchable, with its staged chunks. Stored as
/// <c>knowledge_document_added</c>, published as <c>knowledge.document_added</c>.
/// </summary>
public sealed record KnowledgeDocumentAdded(
    string CollectionId,
    string DocumentId,
    long Version,
    string Title,
    string ContentType,
    string ContentHash,
    string SourceUri,
    IReadOnlyList<string> Tags,
    int Pages,
    int Chunks,
    DateTimeOffset AddedAt) : KnowledgeShardEvent;
