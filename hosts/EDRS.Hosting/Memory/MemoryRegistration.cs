using EDRS.Actors.Memory;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Embeddings;
using EDRS.Hosting.Inference;
using EDRS.Hosting.Options;
using EDRS.Vectors;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Memory;

/// <summary>
/// The long-term memory feature: the <c>memory</c> grain kind and its options, the vector index store it keeps its index in
/// (<c>Vectors:Store</c>: in the member by default, or Qdrant), the embedding port (embedding grains, wherever the cluster
/// runs them) and the chat port a model judge would use (<c>Memory:UpdateJudge=Model</c>).
/// </summary>
public static class MemoryRegistration
{
    public static IHostApplicationBuilder AddEdrsMemory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MemoryOptions>(MemoryOptions.Section, o => o.Validate());
        builder.Services.AddGrainKind(MemoryKind.Registration);
        builder.Services.AddEdrsVectors();
        builder.AddEdrsEmbeddingClient();
        builder.AddEdrsInferenceClient();
        return builder;
    }
}
