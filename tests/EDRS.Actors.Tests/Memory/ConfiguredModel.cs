using EDRS.Actors.Inference;

namespace EDRS.Actors.Tests.Memory;

/// <summary>A chat model is configured (the scripted double registered as the member's chat client).</summary>
internal sealed class ConfiguredModel : IModelAvailability
{
    public bool IsConfigured => true;

    public string Message => "";
}
