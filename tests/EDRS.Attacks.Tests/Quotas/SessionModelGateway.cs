using EDRS.Testing.Gateway;
using EDRS.Testing.Models;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>The gateway serving the tiny GGUF model in-process, with sessions of at most 3 turns.</summary>
public sealed class SessionModelGateway() : GatewayFixture(new GatewayOptions
{
    ModelPath = TinyModel.Path,
    Settings = new Dictionary<string, string?>
    {
        ["MAX_BATCH_SIZE"] = "2",
        ["MODEL_CONTEXT_SIZE"] = "2048",
        ["Sessions:MaxReplyTokens"] = "8",
        ["Quotas:TurnsPerSession"] = "3",
    },
});
