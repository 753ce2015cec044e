using EDRS.Actors.Inference;

namespace EDRS.Testing.Models;

/// <summary>The tiny model is registered as the chat client directly (not through MODEL_PATH): the member has a model.</summary>
public sealed class TinyModelAvailability : IModelAvailability
{
    public bool IsConfigured => true;

    public string Message => "";
}
