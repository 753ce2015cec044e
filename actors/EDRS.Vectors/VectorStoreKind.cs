namespace EDRS.Vectors;

/// <summary>Where a member keeps its vector indexes (<c>Vectors:Store</c>).</summary>
public enum VectorStoreKind
{
    /// <summary>USearch HNSW in the member's memory, one index per grain, persisted in the grain's snapshot (default).</summary>
    InMember,

    /// <summary>A Qdrant server over gRPC; the indexes live (and persist) there.</summary>
    Qdrant,
}
