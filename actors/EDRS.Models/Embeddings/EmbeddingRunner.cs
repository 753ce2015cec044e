using System.Runtime.InteropServices;
using EDRS.Actors.Embeddings;
using EDRS.Grains.Contracts.Embeddings;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Models.Embeddings;

/// <summary>
/// One replica of an embedding model (kind <c>embedding</c>, identity <c>{model}/{replica}</c>). A stateless model runner:
/// it validates the batch, runs it through the model this member hosts (the keyed service <see cref="ModelServiceKey"/>,
/// <see cref="MiniLm.MiniLmEmbeddingGenerator"/> or <see cref="ArcticXs.ArcticXsEmbeddingGenerator"/>) and replies with the vectors. Nothing is journaled, so an
/// activation anywhere answers the same, and a lost member costs nothing but the calls in flight.
/// </summary>
public sealed class EmbeddingRunner : EmbeddingGrain.EmbeddingGrainBase, IJournaledGrain
{
    /// <summary>
    /// The DI key of the model a member runs in-process. Keyed, because the unkeyed
    /// <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> of a process is the port callers use
    /// (<see cref="EmbeddingGrainGenerator"/>, which calls this grain): the grain must never resolve to itself.
    /// </summary>
    public const string ModelServiceKey = "edrs-embedding-model";

    private readonly IEmbeddingGenerator<string, Embedding<float>> _model;
    private readonly string _requestedModel;
    private readonly string _hostedModel;

    public EmbeddingRunner(GrainActivation activation, [FromKeyedServices(ModelServiceKey)] IEmbeddingGenerator<string, Embedding<float>> model)
    {
        _model = model;
        _requestedModel = activation.Identity.Tenant; // a model kind: {model}/{replica}
        _hostedModel = model.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId
            ?? throw new InvalidOperationException("The embedding model registered for the embedding grain does not name its model (EmbeddingGeneratorMetadata.DefaultModelId).");
    }

    /// <summary>Nothing to recover (no journal); refuses an identity naming a model this member does not run.</summary>
    public Task RecoverAsync(CancellationToken cancellationToken) =>
        string.Equals(_requestedModel, _hostedModel, StringComparison.OrdinalIgnoreCase)
            ? Task.CompletedTask
            : throw GrainException.NotFound($"No embedding model '{_requestedModel}' is served; the inference nodes run {_hostedModel}.");

    public override async Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context)
    {
        if (EmbeddingLimits.Check(request.Texts, "texts") is { } problem)
            throw GrainException.Invalid(problem.Field, problem.Description);

        var options = request.Input == EmbeddingInput.Query ? EmbeddingInputs.ForQueries() : null;
        var embeddings = await _model.GenerateAsync(request.Texts, options, context.CancellationToken).ConfigureAwait(false);
        if (embeddings.Count != request.Texts.Count)
            throw new InvalidOperationException($"{_hostedModel} returned {embeddings.Count} vectors for {request.Texts.Count} texts.");

        var response = new EmbedResponse { Model = _hostedModel, Dimensions = embeddings[0].Dimensions };
        foreach (var embedding in embeddings)
        {
            var vector = new EmbeddingVector();
            vector.Values.AddRange(MemoryMarshal.TryGetArray(embedding.Vector, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
                ? segment.Array
                : embedding.Vector.ToArray());
            response.Vectors.Add(vector);
        }
        return response;
    }
}
