namespace EDRS.Actors.Knowledge.Commands;

/// <summary>
/// Create the collection <paramref name="CollectionId"/>. <paramref name="Shards"/> 0 takes
/// <paramref name="DefaultShards"/>; <paramref name="AllowedSources"/> are the URI prefixes re-ingest events may fetch.
/// </summary>
public sealed record CreateCollection(
    string CollectionId,
    string Name,
    string Description,
    int Shards,
    int DefaultShards,
    IReadOnlyList<string> AllowedSources) : KnowledgeCommand;
