using System.Globalization;
using EDRS.Grains.Contracts.Embeddings;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Embeddings;

/// <summary>Typed access to embedding grains: <c>{model}/{replica}</c>, e.g. <c>all-MiniLM-L6-v2/0</c> (models are not per tenant).</summary>
public static class EmbeddingClients
{
    /// <summary>The typed client of replica <paramref name="replica"/> of the embedding model <paramref name="model"/>.</summary>
    public static EmbeddingGrain.EmbeddingGrainClient Embedding(this GrainClients clients, string model, int replica) =>
        new(clients.ModelInvoker(EmbeddingGrain.Descriptor, model, replica.ToString(CultureInfo.InvariantCulture)));
}
