using EDRS.Actors.Inference;

namespace EDRS.Actors.Tests.Sessions;

/// <summary>The tiny model is registered as the chat client directly (not through MODEL_PATH): the member has a model.</summary>
internal sealed class TinyModelAvailability : IModelAvailability
{
    public bool IsConfigured => true;

    public string Message => "";
}
