using EDRS.Actors.Inference;
using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Inference;

/// <summary>
/// Model availability as this process sees it. A process that runs the inference kind itself (an inference host, the
/// development gateway) has a model when its own options name one. Any other process (a core member, a gateway in a
/// cluster) has one when an inference member is up; that member answers UNAVAILABLE with what to set if it has none.
/// </summary>
public sealed class ClusterModelAvailability(LocalGrainKinds local, GrainClients clients, IOptions<InferenceOptions> options) : IModelAvailability
{
    private static readonly string InferenceKind = GrainContract.Of(InferenceGrain.Descriptor).Kind;

    private bool RunsModels => local.Hosts(InferenceKind);

    public bool IsConfigured => RunsModels ? options.Value.IsConfigured : clients.IsHosted(InferenceKind);

    public string Message => IsConfigured ? ""
        : RunsModels ? InferenceOptions.NotConfiguredMessage
        : "No inference member is up: start hosts/EDRS.Hosts.Inference with MODEL_PATH set to a GGUF model file, " +
          "or with OPENAI_BASE_URL and OPENAI_MODEL set to an OpenAI-compatible server (vLLM, Ollama, TGI).";
}
