using Microsoft.Extensions.VectorData;

namespace EDRS.Actors.Memory.Vectors;

/// <summary>
/// A memory as the vector index holds it: its id, when it occurred (so a search as of a time filters in the index) and
/// its embedding. Everything else about the memory lives in the grain's state.
/// </summary>
public sealed class MemoryVectorRecord
{
    /// <summary>Both embedding models served are 384-dimensional.</summary>
    public const int Dimensions = 384;

    [VectorStoreKey]
    public string Key { get; set; } = "";

    [VectorStoreData(IsIndexed = true)]
    public DateTimeOffset OccurredAt { get; set; }

    [VectorStoreVector(Dimensions, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Vector { get; set; }
}
