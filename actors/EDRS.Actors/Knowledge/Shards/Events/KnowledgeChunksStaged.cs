namespace EDRS.Actors.Knowledge.Shards.Events;

/// <summary>
/// Embedded chunks of a staged version, with their vectors: what a recovering shard rebuilds its index from without
/// embedding again. Stored as <c>knowledge_chunks_staged</c>.
/// </summary>
public sealed record KnowledgeChunksStaged(string DocumentId, long Version, IReadOnlyList<EmbeddedChunk> Chunks) : KnowledgeShardEvent;
