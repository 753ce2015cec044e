using EDRS.Testing.Gateway;
using EDRS.Testing.Models;

namespace EDRS.Attacks.Tests.TextAndErrors;

/// <summary>
/// The gateway on real Kestrel (paths, queries and headers as a real server parses them; gRPC over h2c) with the tiny
/// model in-process, so the session endpoints take their requests instead of answering that no model is configured.
/// </summary>
public sealed class PoisonGateway() : GatewayFixture(new GatewayOptions
{
    Kestrel = true,
    ModelPath = TinyModel.Path,
    Settings = new Dictionary<string, string?> { ["MODEL_CONTEXT_SIZE"] = "2048", ["Sessions:MaxReplyTokens"] = "4" },
});
