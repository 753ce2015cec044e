using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Embeddings.EmbeddingGrain;

namespace EDRS.Actors.Embeddings;

/// <summary>Typed access to embedding grains.</summary>
public static class EmbeddingGrainClients
{
    /// <summary>The typed client of replica <paramref name="replica"/> of the embedding model <paramref name="model"/>.</summary>
    public static Contract.EmbeddingGrainClient Embedding(this GrainClients clients, string model, int replica) =>
        new(clients.Invoker(Contract.Descriptor, EmbeddingIdentity.Of(model, replica)));
}
