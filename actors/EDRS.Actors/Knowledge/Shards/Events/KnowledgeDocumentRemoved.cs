namespace EDRS.Actors.Knowledge.Shards.Events;

/// <summary>
/// A document and its chunks left the shard. Stored as <c>knowledge_document_removed</c>, published as
/// <c>knowledge.document_removed</c>.
/// </summary>
public sealed record KnowledgeDocumentRemoved(
    string CollectionId,
    string DocumentId,
    long Version,
    string Title,
    DateTimeOffset RemovedAt) : KnowledgeShardEvent;
