using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Inference.InferenceGrain;

namespace EDRS.Actors.Inference;

/// <summary>Typed access to inference grains.</summary>
public static class InferenceGrainClients
{
    /// <summary>The typed client of replica <paramref name="replica"/> of <paramref name="model"/>.</summary>
    public static Contract.InferenceGrainClient Inference(this GrainClients clients, string model, string replica) =>
        new(clients.Invoker(Contract.Descriptor, InferenceIdentity.Of(model, replica)));
}
