using EDRS.Actors.Embeddings;
using EDRS.Actors.Inference;
using EDRS.Actors.Runtime;

namespace EDRS.Actors;

/// <summary>
/// The model-runner kinds: hosted only by inference hosts (and, in development, by the single-node gateway), never by
/// core members, so their requests land on the nodes that hold the models.
/// </summary>
public static class ModelGrains
{
    public static IReadOnlyList<GrainKindRegistration> Kinds { get; } = [InferenceKind.Registration, EmbeddingKind.Registration];
}
