using EDRS.Actors.Embeddings;
using EDRS.Grains.Contracts.Embeddings;
using EDRS.Grains.Runtime;

namespace EDRS.Models.Embeddings;

/// <summary>
/// The embedding kind as a member hosts it. A model kind: only inference nodes register it (they run the model), so
/// core members never register it.
/// </summary>
public static class EmbeddingKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<EmbeddingGrain.EmbeddingGrainBase, EmbeddingRunner>(EmbeddingGrain.Descriptor, EmbeddingGrain.BindService);
}
