using EDRS.Actors.Embeddings;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Embeddings;

/// <summary>
/// The embedding port for this process's own code (<see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>): calls go to
/// embedding grains of <see cref="EmbeddingOptions.Model"/>, wherever the cluster hosts them, spread over
/// <see cref="EmbeddingOptions.Replicas"/> replicas. The
/// model behind the grains is EDRS.Models' <c>AddEdrsEmbeddingRunner</c>.
/// </summary>
public static class EmbeddingRegistration
{
    public static IHostApplicationBuilder AddEdrsEmbeddingClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<EmbeddingOptions>(EmbeddingOptions.Section, o => o.Validate());
        builder.Services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return new EmbeddingGrainGenerator(sp.GetRequiredService<GrainClients>(), options.Model, options.Replicas, options.CallTimeout);
        });
        return builder;
    }
}
