using EDRS.Grains.Contracts.Embeddings;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.AI;

namespace EDRS.Actors.Embeddings;

/// <summary>
/// The embedding port for code that does not host the model: each call goes to embedding grains on the inference
/// nodes through the typed client. A long list is cut into calls of at most <see cref="EmbeddingLimits.MaxTexts"/>
/// texts, sent concurrently to successive replicas (round robin over <c>{model}/0..{replicas-1}</c>), so a big job
/// spreads over the nodes that host the kind. Safe to use concurrently.
/// </summary>
public sealed class EmbeddingGrainGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly GrainClients _clients;
    private readonly int _replicas;
    private readonly TimeSpan _callTimeout;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _next = -1;

    /// <summary>The embedding grain kind, from its contract.</summary>
    private static readonly string Kind = GrainContract.Of(EmbeddingGrain.Descriptor).Kind;

    /// <param name="clients">The host's typed grain clients.</param>
    /// <param name="model">The model, the first part of the grain identities (e.g. all-MiniLM-L6-v2).</param>
    /// <param name="replicas">How many replicas calls are spread over.</param>
    /// <param name="callTimeout">Deadline of each grain call. Proto.Cluster re-sends a request its member has not answered
    /// within its actor request timeout (5 s); a re-sent embedding call is harmless (stateless), only repeated work.</param>
    public EmbeddingGrainGenerator(GrainClients clients, string model, int replicas, TimeSpan callTimeout)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(callTimeout, TimeSpan.Zero);
        _clients = clients;
        Model = model;
        _replicas = replicas;
        _callTimeout = callTimeout;
        _ = GrainIdentity.ForModel("embedding", model, "0"); // validates the model name now, not on the first call
        _metadata = new EmbeddingGeneratorMetadata("edrs-embedding-grain", null, model);
    }

    public string Model { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A text is null, blank or longer than <see cref="EmbeddingLimits.MaxTextLength"/>
    /// (the message names <c>values[i]</c>).</exception>
    /// <exception cref="Grpc.Core.RpcException">The grain call failed: UNAVAILABLE when no member hosts the kind,
    /// DEADLINE_EXCEEDED, NOT_FOUND for a model the inference nodes do not run.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.ModelId is { } modelId && !string.Equals(modelId, Model, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"This generator calls {Model}, not {modelId}.", nameof(options));
        var texts = values as IReadOnlyList<string> ?? [.. values];
        if (texts.Count == 0)
            return [];

        // Every chunk is checked before any is sent: a bad text never leaves calls in flight behind an exception.
        var chunks = new List<EmbedRequest>((texts.Count + EmbeddingLimits.MaxTexts - 1) / EmbeddingLimits.MaxTexts);
        var input = EmbeddingInputs.IsQuery(options) ? EmbeddingInput.Query : EmbeddingInput.Passage;
        for (var start = 0; start < texts.Count; start += EmbeddingLimits.MaxTexts)
        {
            var chunk = new EmbedRequest { Input = input };
            for (var i = start; i < Math.Min(start + EmbeddingLimits.MaxTexts, texts.Count); i++)
                chunk.Texts.Add(texts[i] ?? throw new ArgumentException($"values[{i}] is null.", nameof(values)));
            if (EmbeddingLimits.Check(chunk.Texts, nameof(values), start) is { } problem)
                throw new ArgumentException($"{problem.Field}: {problem.Description}", nameof(values));
            chunks.Add(chunk);
        }

        // Without a member for the kind, the cluster would retry until the deadline: say so at once.
        if (!_clients.IsHosted(Kind))
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"No cluster member runs the embedding model {Model} right now: start an inference member (or the development gateway) and retry."));
        var deadline = DateTime.UtcNow + _callTimeout;
        var calls = chunks.Select(chunk =>
        {
            var replica = (int)((uint)Interlocked.Increment(ref _next) % (uint)_replicas);
            return _clients.Embedding(Model, replica).EmbedAsync(chunk, deadline: deadline, cancellationToken: cancellationToken).ResponseAsync;
        }).ToList();

        var responses = await Task.WhenAll(calls).ConfigureAwait(false);
        var created = DateTimeOffset.UtcNow;
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        foreach (var response in responses)
        {
            foreach (var vector in response.Vectors)
                embeddings.Add(new Embedding<float>(vector.Values.ToArray()) { ModelId = response.Model, CreatedAt = created });
        }
        return embeddings;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
            return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // Owns nothing: the grain clients belong to the host.
    }
}
