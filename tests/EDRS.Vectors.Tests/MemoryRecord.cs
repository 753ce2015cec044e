using Microsoft.Extensions.VectorData;

namespace EDRS.Vectors.Tests;

/// <summary>A memory item as the memory grain indexes it: who it is about, when it happened, tags, a MiniLM-sized vector.</summary>
public sealed class MemoryRecord
{
    public const int Dimensions = 384;

    [VectorStoreKey]
    public string Key { get; set; } = "";

    [VectorStoreData(IsIndexed = true)]
    public string Person { get; set; } = "";

    [VectorStoreData(IsIndexed = true)]
    public DateTimeOffset OccurredAt { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public int Importance { get; set; }

    [VectorStoreData]
    public bool Pinned { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public string[] Tags { get; set; } = [];

    [VectorStoreData]
    public string Text { get; set; } = "";

    [VectorStoreData]
    public double? Weight { get; set; }

    [VectorStoreVector(Dimensions, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Embedding { get; set; }
}
