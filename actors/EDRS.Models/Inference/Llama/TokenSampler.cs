using EDRS.Actors.Inference;

namespace EDRS.Models.Inference.Llama;

/// <summary>
/// Picks the next token from a sequence's logits: the most likely one (greedy, deterministic) at temperature 0,
/// otherwise a draw from the temperature-scaled softmax with a seeded generator (the same seed repeats the reply).
/// </summary>
internal sealed class TokenSampler(GenerationSettings settings)
{
    private readonly Random? _random = settings.IsGreedy ? null : settings.Seed is { } seed ? new Random(unchecked((int)seed)) : new Random();

    public int Next(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
                best = i;
        }
        if (_random is null)
            return best;

        var temperature = settings.Temperature;
        var max = logits[best];
        double total = 0;
        for (var i = 0; i < logits.Length; i++)
            total += Math.Exp((logits[i] - max) / temperature);
        var draw = _random.NextDouble() * total;
        for (var i = 0; i < logits.Length; i++)
        {
            draw -= Math.Exp((logits[i] - max) / temperature);
            if (draw <= 0)
                return i;
        }
        return best;
    }
}
