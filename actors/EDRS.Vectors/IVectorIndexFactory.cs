using Microsoft.Extensions.VectorData;

namespace EDRS.Vectors;

/// <summary>
/// Gives a grain its vector index. The store behind it (<c>Vectors:Store</c>) is chosen at start-up, so grain code is
/// identical whether the index lives in the member or in Qdrant.
/// </summary>
public interface IVectorIndexFactory
{
    /// <summary>The store this factory creates indexes in.</summary>
    VectorStoreKind Store { get; }

    /// <summary>
    /// The index <paramref name="name"/> for records of <typeparamref name="TRecord"/> (attributes
    /// <see cref="VectorStoreKeyAttribute"/>, <see cref="VectorStoreDataAttribute"/>, <see cref="VectorStoreVectorAttribute"/>,
    /// or <paramref name="definition"/>). Call <c>EnsureCollectionExistsAsync</c> before the first write.
    /// </summary>
    VectorIndex<TRecord> Create<TRecord>(VectorIndexName name, VectorStoreCollectionDefinition? definition = null)
        where TRecord : class;
}
