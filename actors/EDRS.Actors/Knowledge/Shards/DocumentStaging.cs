using System.Collections.Immutable;

namespace EDRS.Actors.Knowledge.Shards;

/// <summary>A version of a document being staged: its metadata, and the embedded chunks received so far by index.</summary>
public sealed record DocumentStaging(
    string DocumentId,
    long Version,
    string ContentHash,
    string Title,
    string ContentType,
    string SourceUri,
    IReadOnlyList<string> Tags,
    int Pages,
    DateTimeOffset BegunAt,
    ImmutableSortedDictionary<int, EmbeddedChunk> Chunks)
{
    public string Key => ChunkIds.VersionKey(DocumentId, Version);
}
