using EDRS.Actors.Inference;

namespace EDRS.Models.Inference;

/// <summary>How one reply is generated: its token limit and sampling. Temperature 0 (the default) is greedy and deterministic.</summary>
public sealed record GenerationSettings(int MaxTokens, float Temperature = 0f, long? Seed = null)
{
    public bool IsGreedy => Temperature <= 0f;
}
