using EDRS.Actors.Runtime;
using Contract = EDRS.Grains.Contracts.Inference.InferenceGrain;

namespace EDRS.Actors.Inference;

/// <summary>
/// The inference kind as an inference host registers it. Streams run concurrently: a model runner must keep
/// taking requests into its queue while a batch streams.
/// </summary>
public static class InferenceKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<Contract.InferenceGrainBase, InferenceGrain>(Contract.Descriptor, Contract.BindService, concurrentStreams: true);

    public static string Kind => Registration.Kind;
}
