namespace EDRS.Actors.Knowledge.Shards.Commands;

/// <summary>Make the staged <paramref name="Version"/> current; it must hold exactly chunks 0..<paramref name="ChunkCount"/>-1.</summary>
public sealed record CommitDocument(string DocumentId, long Version, int ChunkCount) : KnowledgeShardCommand;
