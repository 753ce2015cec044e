namespace EDRS.Actors.Knowledge.Shards.Events;

/// <summary>
/// A new version of a document is being staged (invisible to search until it is committed). Stored as
/// <c>knowledge_document_begun</c>.
/// </summary>
public sealed record KnowledgeDocumentBegun(
    string DocumentId,
    long Version,
    string ContentHash,
    string Title,
    string ContentType,
    string SourceUri,
    IReadOnlyList<string> Tags,
    int Pages,
    DateTimeOffset BegunAt) : KnowledgeShardEvent;
