using EDRS.Vectors.InMember;
using Microsoft.Extensions.VectorData;
using Qdrant.Client;

namespace EDRS.Vectors.Qdrant;

/// <summary>Creates Qdrant-backed indexes over one shared gRPC client (owned here, disposed with the factory).</summary>
public sealed class QdrantVectorIndexFactory : IVectorIndexFactory, IDisposable
{
    private readonly QdrantClient client;
    private readonly string collectionPrefix;
    private readonly HnswOptions hnsw;

    public QdrantVectorIndexFactory(QdrantClient client, string collectionPrefix, HnswOptions hnsw)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(hnsw);
        if (!QdrantNames.IsValidPrefix(collectionPrefix))
            throw new ArgumentException($"Qdrant collection prefix must be 1-32 of a-z, 0-9, '_' or '-' (got '{collectionPrefix}').", nameof(collectionPrefix));
        this.client = client;
        this.collectionPrefix = collectionPrefix;
        this.hnsw = hnsw;
    }

    public VectorStoreKind Store => VectorStoreKind.Qdrant;

    public VectorIndex<TRecord> Create<TRecord>(VectorIndexName name, VectorStoreCollectionDefinition? definition = null)
        where TRecord : class =>
        new QdrantVectorIndex<TRecord>(client, collectionPrefix, name, hnsw, definition);

    public void Dispose() => client.Dispose();
}
