using EDRS.Actors.Embeddings;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Inference;
using EDRS.Hosting.Options;
using EDRS.Models.Embeddings;
using EDRS.Models.Embeddings.ArcticXs;
using EDRS.Models.Embeddings.MiniLm;
using EDRS.Models.Inference;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using KnowledgeTokenCounter = EDRS.Knowledge.Documents.Chunking.ITokenCounter;

namespace EDRS.Models;

/// <summary>
/// The model runners a process hosts: the <c>inference</c> kind (a GGUF model through LLamaSharp, or an OpenAI-compatible
/// server) and the <c>embedding</c> kind (all-MiniLM-L6-v2 or snowflake-arctic-embed-xs). Inference hosts add both; the development gateway adds both
/// and hosts them only when it runs as a single node. Models load while the host starts, so a broken model stops the
/// start rather than the first call; with no chat model configured the host still starts and says what to set.
/// </summary>
public static class ModelRunnersRegistration
{
    public static IHostApplicationBuilder AddEdrsModelRunners(this IHostApplicationBuilder builder) =>
        builder.AddEdrsInferenceRunner().AddEdrsEmbeddingRunner();

    /// <summary>The inference kind and the model backend behind it (<c>MODEL_PATH</c> or <c>OPENAI_BASE_URL</c>).</summary>
    public static IHostApplicationBuilder AddEdrsInferenceRunner(this IHostApplicationBuilder builder)
    {
        builder.AddEdrsInferenceClient();
        builder.Services.TryAddSingleton<ModelBackend>();
        builder.Services.AddGrainKind(InferenceKind.Registration);
        builder.Services.AddHostedService<ModelWarmupService>();
        return builder;
    }

    /// <summary>
    /// The embedding kind and its model in this process (<c>Embeddings:Model</c>: all-MiniLM-L6-v2 or
    /// snowflake-arctic-embed-xs), behind the embedding grain (a keyed service, so the process's unkeyed port — the grain
    /// client — never resolves to the model itself).
    /// </summary>
    public static IHostApplicationBuilder AddEdrsEmbeddingRunner(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EmbeddingOptions>(EmbeddingOptions.Section, o => o.Validate());
        services.TryAddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(EmbeddingRunner.ModelServiceKey, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            return options.Model == EmbeddingOptions.ArcticXsModel
                ? new ArcticXsEmbeddingGenerator(options, loggers.CreateLogger<ArcticXsEmbeddingGenerator>())
                : new MiniLmEmbeddingGenerator(options, loggers.CreateLogger<MiniLmEmbeddingGenerator>());
        });
        services.AddGrainKind(EmbeddingKind.Registration);
        services.AddHostedService<EmbeddingModelLoader>();
        // The model's word pieces, for whatever cuts text to the model's input length here (the knowledge base's chunker).
        services.TryAddSingleton<KnowledgeTokenCounter, MiniLmWordPieceCounter>();
        return builder;
    }
}
