using EDRS.Actors.Embeddings;
using Microsoft.Extensions.AI;
using EDRS.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Tests.Memory;

/// <summary>
/// The member's real embedding port (embedding grains running MiniLM), wrapped to count the passages and queries that go
/// through it: how a test sees that activation does not re-embed. Not a double: every call reaches the real model.
/// </summary>
public sealed class CountingEmbeddingPort(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private int _passages;
    private int _queries;

    public int Passages => Volatile.Read(ref _passages);

    public int Queries => Volatile.Read(ref _queries);

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        if (EmbeddingInputs.IsQuery(options))
            Interlocked.Add(ref _queries, texts.Count);
        else
            Interlocked.Add(ref _passages, texts.Count);
        return base.GenerateAsync(texts, options, cancellationToken);
    }

    /// <summary>Makes a member's embedding port the grain-backed one, counted; <paramref name="created"/> receives it.</summary>
    public static void Install(IServiceCollection services, Action<CountingEmbeddingPort> created)
    {
        services.RemoveAll<IEmbeddingGenerator<string, Embedding<float>>>();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            var port = new CountingEmbeddingPort(
                new EmbeddingGrainGenerator(sp.GetRequiredService<GrainClients>(), options.Model, options.Replicas, options.CallTimeout));
            created(port);
            return port;
        });
    }
}
