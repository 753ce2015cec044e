using EDRS.Actors.Inference;

namespace EDRS.Models.Inference.Llama;

/// <summary>Counts tokens with the in-process model's own tokenizer (no BOS: a count of the text itself).</summary>
public sealed class LlamaTokenCounter(LlamaModel model) : ITokenCounter
{
    public ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ValueTask.FromResult(text.Length == 0 ? 0 : model.Tokenize(text, addBos: false).Length);
    }
}
