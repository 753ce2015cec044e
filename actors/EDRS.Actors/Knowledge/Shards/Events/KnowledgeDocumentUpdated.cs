namespace EDRS.Actors.Knowledge.Shards.Events;

/// <summary>
/// A new version of a document replaced <paramref name="ReplacedVersion"/>: in this one event the old chunks leave and
/// the staged ones become searchable. Stored as <c>knowledge_document_updated</c>, published as
/// <c>knowledge.document_updated</c>.
/// </summary>
public sealed record KnowledgeDocumentUpdated(
    string CollectionId,
    string DocumentId,
    long Version,
    long ReplacedVersion,
    string Title,
    string ContentType,
    string ContentHash,
    string SourceUri,
    IReadOnlyList<string> Tags,
    int Pages,
    int Chunks,
    DateTimeOffset UpdatedAt) : KnowledgeShardEvent;
