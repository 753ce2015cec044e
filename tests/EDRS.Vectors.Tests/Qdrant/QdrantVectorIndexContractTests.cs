using EDRS.Testing.Qdrant;
using EDRS.Vectors.InMember;
using EDRS.Vectors.Qdrant;
using EDRS.Vectors.Tests.Contract;

namespace EDRS.Vectors.Tests.Qdrant;

/// <summary>The store contract against the Qdrant adapter, end to end over gRPC to the Qdrant server double.</summary>
public sealed class QdrantVectorIndexContractTests(QdrantServerDoubleFixture fixture) : VectorIndexContract, IClassFixture<QdrantServerDoubleFixture>, IDisposable
{
    private readonly QdrantVectorIndexFactory factory = new(fixture.Server.NewClient(QdrantServerDoubleFixture.ApiKey), "edrs_", new HnswOptions());

    protected override IVectorIndexFactory Factory => factory;

    public void Dispose() => factory.Dispose();
}
