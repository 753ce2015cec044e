using Microsoft.Extensions.VectorData;

namespace EDRS.Benchmarks.Vectors;

/// <summary>The record the kNN benchmark indexes: a key, one data field, a MiniLM-sized vector.</summary>
public sealed class KnnRecord
{
    [VectorStoreKey]
    public string Key { get; set; } = "";

    [VectorStoreData]
    public int Cluster { get; set; }

    [VectorStoreVector(384)]
    public ReadOnlyMemory<float> Embedding { get; set; }
}
