using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Inference;

/// <summary>
/// <see cref="ITokenCounter"/> for grains and edges: asks an inference grain, whose host holds the model and so its
/// tokenizer. Failures arrive as <see cref="Grpc.Core.RpcException"/> (UNAVAILABLE when no inference member is up).
/// </summary>
public sealed class InferenceGrainTokenCounter(GrainClients clients, IOptions<InferenceOptions> options) : ITokenCounter
{
    public async ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!clients.IsHosted(InferenceClients.Kind))
            throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "No cluster member hosts inference grains right now; retry later."));
        var response = await clients.Inference(options.Value.ModelName, "0")
            .CountTokensAsync(new CountTokensRequest { Text = text }, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.Count;
    }
}
