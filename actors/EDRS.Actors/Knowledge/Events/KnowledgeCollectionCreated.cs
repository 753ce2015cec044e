namespace EDRS.Actors.Knowledge.Events;

/// <summary>
/// The collection exists, spread over <paramref name="Shards"/> shards for life; re-ingest events may fetch from URIs
/// under <paramref name="AllowedSources"/>. Stored as <c>knowledge_collection_created</c>.
/// </summary>
public sealed record KnowledgeCollectionCreated(
    string CollectionId,
    string Name,
    string Description,
    int Shards,
    IReadOnlyList<string> AllowedSources,
    DateTimeOffset CreatedAt) : KnowledgeEvent;
