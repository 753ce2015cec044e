namespace EDRS.Sessions.Tests.Gateway;

/// <summary>The gateway serving the tiny GGUF model in-process (MODEL_PATH), through inference grains and LLamaSharp.</summary>
public sealed class ModelGateway : SessionsGateway
{
    protected override IEnumerable<KeyValuePair<string, string?>> ModelSettings =>
    [
        new("MODEL_PATH", TinyModel.Path),
        new("MAX_BATCH_SIZE", "2"),
        new("MODEL_CONTEXT_SIZE", "2048"),
    ];
}
