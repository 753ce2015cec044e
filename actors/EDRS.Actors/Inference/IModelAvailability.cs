namespace EDRS.Actors.Inference;

/// <summary>
/// Whether this process can reach a model, and if not what an operator must set. Edges answer 503 with
/// <see cref="Message"/> instead of pretending to reply.
/// </summary>
public interface IModelAvailability
{
    bool IsConfigured { get; }

    /// <summary>Empty when configured; otherwise how to set MODEL_PATH or the OpenAI-compatible endpoint.</summary>
    string Message { get; }
}
