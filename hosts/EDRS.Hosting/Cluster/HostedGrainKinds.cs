using EDRS.Actors;
using EDRS.Actors.Inference;
using EDRS.Actors.Runtime;

namespace EDRS.Hosting.Cluster;

/// <summary>The grain kinds this process hosts (its role), decided once from the cluster options at start-up.</summary>
public sealed class HostedGrainKinds(IEnumerable<GrainKindRegistration> kinds)
{
    public IReadOnlyList<GrainKindRegistration> Registrations { get; } = [.. kinds.DistinctBy(k => k.Kind)];

    public bool Hosts(string kind) => Registrations.Any(r => r.Kind == kind);

    /// <summary>True when this process runs model kinds (inference, embedding) and so needs the model loaded.</summary>
    public bool HostsModels => Registrations.Any(r => ModelGrains.Kinds.Any(m => m.Kind == r.Kind));

    /// <summary>Every kind a process of this build can host: what the grain runtime registers, whichever role a process has.</summary>
    public static IReadOnlyList<GrainKindRegistration> Known => [.. CoreGrains.Kinds, .. ModelGrains.Kinds];

    /// <summary>Core members: every core kind, no model kind.</summary>
    public static IReadOnlyList<GrainKindRegistration> Core => CoreGrains.Kinds;

    /// <summary>Inference hosts: the model kinds only.</summary>
    public static IReadOnlyList<GrainKindRegistration> Models => ModelGrains.Kinds;

    /// <summary>
    /// Development (single node): everything in one process except the embedding kind. The embedding model (87 MB plus
    /// ONNX Runtime's natives, see actors/EDRS.Actors/Embeddings/MiniLm/RunsMiniLm.props) is kept out of the gateway, which
    /// is what runs in development; nothing in a single-node process calls embeddings yet. Inference hosts run it.
    /// </summary>
    public static IReadOnlyList<GrainKindRegistration> All => [.. CoreGrains.Kinds, InferenceKind.Registration];
}
