namespace EDRS.Actors.Knowledge.Shards.Commands;

/// <summary>Add embedded chunks to the staged <paramref name="Version"/> of <paramref name="DocumentId"/> (a chunk staged again is replaced).</summary>
public sealed record StageChunks(string DocumentId, long Version, IReadOnlyList<EmbeddedChunk> Chunks) : KnowledgeShardCommand;
