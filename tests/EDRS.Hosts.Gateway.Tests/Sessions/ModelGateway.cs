using EDRS.Testing.Gateway;
using EDRS.Testing.Models;

namespace EDRS.Hosts.Gateway.Tests.Sessions;

/// <summary>The gateway on Kestrel serving the tiny GGUF model in-process (MODEL_PATH), through inference grains and LLamaSharp.</summary>
public sealed class ModelGateway() : GatewayFixture(new GatewayOptions
{
    Kestrel = true,
    ModelPath = TinyModel.Path,
    Settings = new Dictionary<string, string?>
    {
        ["MAX_BATCH_SIZE"] = "2",
        ["MODEL_CONTEXT_SIZE"] = "2048",
        ["Sessions:MaxReplyTokens"] = "12",
    },
});
