using Microsoft.Extensions.VectorData;

namespace EDRS.Actors.Knowledge.Shards;

/// <summary>
/// What a shard's vector index holds per chunk: its id, its document (for tag filters, resolved to document ids) and
/// its embedding. The chunk's text and offsets stay in the shard's state; the index only ranks.
/// </summary>
public sealed class ChunkVectorRecord
{
    [VectorStoreKey]
    public string Key { get; set; } = "";

    [VectorStoreData(IsIndexed = true)]
    public string DocumentId { get; set; } = "";

    [VectorStoreVector(KnowledgeLimits.VectorDimensions, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Vector { get; set; }
}
