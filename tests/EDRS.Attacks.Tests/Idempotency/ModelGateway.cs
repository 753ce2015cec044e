using EDRS.Testing.Gateway;
using EDRS.Testing.Models;

namespace EDRS.Attacks.Tests.Idempotency;

/// <summary>The gateway serving the tiny GGUF model in-process, so sessions open and reply.</summary>
public sealed class ModelGateway() : GatewayFixture(new GatewayOptions
{
    ModelPath = TinyModel.Path,
    Settings = new Dictionary<string, string?> { ["MODEL_CONTEXT_SIZE"] = "2048", ["Sessions:MaxReplyTokens"] = "4" },
});
