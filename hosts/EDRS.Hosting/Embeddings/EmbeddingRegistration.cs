using EDRS.Actors.Embeddings;
using EDRS.Actors.Embeddings.MiniLm;
using EDRS.Actors.Runtime;
using EDRS.Hosting.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Embeddings;

/// <summary>Wires embeddings: the model on the nodes that run it, the grain-backed port everywhere else.</summary>
public static class EmbeddingRegistration
{
    /// <summary>
    /// Runs all-MiniLM-L6-v2 in this process (inference nodes, or development with everything in one process): the model
    /// behind the embedding grain, loaded while the host starts so a bad execution provider stops the start, not the
    /// first call. Register the kind (<see cref="EmbeddingKind.Registration"/>) on the same members. The host's project must
    /// import <c>actors/EDRS.Actors/Embeddings/MiniLm/RunsMiniLm.props</c> (the model's packages and ICU); without it the
    /// start fails loading FastBertTokenizer or ONNX Runtime.
    /// </summary>
    public static IHostApplicationBuilder AddEdrsEmbeddingModel(this IHostApplicationBuilder builder)
    {
        AddOptions(builder.Services);
        builder.Services.TryAddSingleton(sp => new MiniLmEmbeddingGenerator(
            sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value,
            sp.GetRequiredService<ILogger<MiniLmEmbeddingGenerator>>()));
        builder.Services.TryAddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(
            EmbeddingGrain.ModelServiceKey, (sp, _) => sp.GetRequiredService<MiniLmEmbeddingGenerator>());
        builder.Services.AddHostedService<EmbeddingModelLoader>();
        return builder;
    }

    /// <summary>
    /// The embedding port (<see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>) for this process's own code: calls go
    /// to embedding grains, wherever the cluster hosts them, spread over <see cref="EmbeddingOptions.Replicas"/> replicas.
    /// </summary>
    public static IHostApplicationBuilder AddEdrsEmbeddingClient(this IHostApplicationBuilder builder)
    {
        AddOptions(builder.Services);
        builder.Services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return new EmbeddingGrainGenerator(sp.GetRequiredService<GrainClients>(), EmbeddingOptions.MiniLmModel, options.Replicas, options.CallTimeout);
        });
        return builder;
    }

    private static void AddOptions(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<EmbeddingOptions>)))
            return;
        services.AddValidatedOptions<EmbeddingOptions>(EmbeddingOptions.Section, o => o.Validate());
    }
}
