using EDRS.Actors.Embeddings;
using EDRS.Hosting.Cluster;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EDRS.Models.Embeddings;

/// <summary>
/// Loads the embedding model while the host starts (a second or two for the 90 MB model): a broken model or execution
/// provider then stops the start with its message, and the first embedding call does not pay for the load.
/// </summary>
internal sealed class EmbeddingModelLoader(LocalGrainKinds local, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (local.Hosts(EmbeddingKind.Registration.Kind))
            _ = services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(EmbeddingRunner.ModelServiceKey);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
