using EDRS.Actors.Runtime;
using Contract = EDRS.Grains.Contracts.Embeddings.EmbeddingGrain;

namespace EDRS.Actors.Embeddings;

/// <summary>
/// The embedding kind as a member hosts it. A model kind: only inference nodes register it (they run the model), so
/// it is not among <see cref="CoreGrains.Kinds"/>.
/// </summary>
public static class EmbeddingKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<Contract.EmbeddingGrainBase, EmbeddingGrain>(Contract.Descriptor, Contract.BindService);
}
