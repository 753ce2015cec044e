using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inference;

/// <summary>Typed access to inference grains: <c>{model}/{replica}</c> (models are not per tenant).</summary>
public static class InferenceClients
{
    /// <summary>The cluster kind of inference grains, as their contract names it.</summary>
    public static string Kind { get; } = GrainContract.Of(InferenceGrain.Descriptor).Kind;

    /// <summary>The typed client of replica <paramref name="replica"/> of <paramref name="model"/>.</summary>
    public static InferenceGrain.InferenceGrainClient Inference(this GrainClients clients, string model, string replica) =>
        new(clients.ModelInvoker(InferenceGrain.Descriptor, model, replica));
}
