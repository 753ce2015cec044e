using EDRS.Actors.Inference;
using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;

namespace EDRS.Models.Inference;

/// <summary>
/// The inference kind as an inference host registers it. Streams run concurrently: a model runner must keep
/// taking requests into its queue while a batch streams.
/// </summary>
public static class InferenceKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<InferenceGrain.InferenceGrainBase, InferenceRunner>(InferenceGrain.Descriptor, InferenceGrain.BindService, concurrentStreams: true);

    public static string Kind => Registration.Kind;
}
