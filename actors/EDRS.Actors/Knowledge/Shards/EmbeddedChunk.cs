namespace EDRS.Actors.Knowledge.Shards;

/// <summary>
/// A chunk with its embedding, as it is staged: <paramref name="Vector"/> holds the float32 components little-endian
/// (<see cref="ChunkVectors"/>), so a journaled batch stores about 2 KB per vector instead of 5 KB of JSON numbers.
/// </summary>
public sealed record EmbeddedChunk(KnowledgeChunk Chunk, byte[] Vector);
