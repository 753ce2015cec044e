using EDRS.Vectors.InMember;

namespace EDRS.Vectors;

/// <summary>The <c>Vectors</c> configuration section: which store holds the grains' vector indexes, and how.</summary>
public sealed class VectorsOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string SectionName = "Vectors";

    /// <summary>
    /// <c>InMember</c> (default: USearch HNSW in the member, persisted in grain snapshots) or <c>Qdrant</c>
    /// (env <c>Vectors__Store</c>). Kept as text so a typo is reported by name instead of failing the binder.
    /// </summary>
    public string Store { get; set; } = nameof(VectorStoreKind.InMember);

    /// <summary>The Qdrant connection (<c>Vectors:Qdrant</c>), required when <see cref="Store"/> is <c>Qdrant</c>.</summary>
    public QdrantOptions Qdrant { get; set; } = new();

    /// <summary>HNSW parameters (<c>Vectors:Hnsw</c>); the in-member index uses all of them, Qdrant its graph ones.</summary>
    public HnswOptions Hnsw { get; set; } = new();

    /// <summary>The parsed <see cref="Store"/>; call after validation.</summary>
    public VectorStoreKind StoreKind =>
        Enum.TryParse<VectorStoreKind>(Store, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new InvalidOperationException($"Vectors__Store must be InMember or Qdrant (got '{Store}').");
}
