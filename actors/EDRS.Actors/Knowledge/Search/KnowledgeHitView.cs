using EDRS.Grains.Contracts.Knowledge;

namespace EDRS.Actors.Knowledge.Search;

/// <summary>One ranked chunk: where it comes from (collection, the shard's candidate with both scores) and its fused score.</summary>
public sealed record KnowledgeHitView(string CollectionId, ChunkCandidate Chunk, float Score)
{
    /// <summary>The PDF page the chunk starts on; null for documents without pages.</summary>
    public int? Page => Chunk.FirstPage == 0 ? null : Chunk.FirstPage;
}
