using System.Text;
using EDRS.Actors.Inference;

namespace EDRS.Models.Inference.OpenAiCompatible;

/// <summary>
/// Token counts for a model behind an OpenAI-compatible endpoint, whose tokenizer this process does not have
/// (the protocol exposes none). An estimate, deliberately on the high side: one token per three UTF-8 bytes,
/// rounded up. Subword tokenizers make about one token per four bytes of English, so a prompt fitted with this
/// count fits the real window. Prefer MODEL_PATH when exact counts matter.
/// </summary>
public sealed class EstimatedTokenCounter : ITokenCounter
{
    private const int BytesPerToken = 3;

    public ValueTask<int> CountTokensAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ValueTask.FromResult((Encoding.UTF8.GetByteCount(text) + BytesPerToken - 1) / BytesPerToken);
    }
}
