using Microsoft.Extensions.VectorData;

namespace EDRS.Vectors.InMember;

/// <summary>Creates in-member indexes: each call a new, empty, independent index owned by the calling grain.</summary>
public sealed class InMemberVectorIndexFactory(HnswOptions options) : IVectorIndexFactory
{
    public VectorStoreKind Store => VectorStoreKind.InMember;

    public VectorIndex<TRecord> Create<TRecord>(VectorIndexName name, VectorStoreCollectionDefinition? definition = null)
        where TRecord : class =>
        new InMemberVectorIndex<TRecord>(name, options, definition);
}
