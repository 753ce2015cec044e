namespace EDRS.Actors.Memory;

/// <summary>Who decides whether a new memory updates an older one (<see cref="MemoryOptions.UpdateJudge"/>).</summary>
public enum MemoryUpdateJudge
{
    /// <summary>The deterministic rules (same person and kind, similarity helped by change wording).</summary>
    Rules,

    /// <summary>The configured chat model, with the rules as the fallback.</summary>
    Model,
}
