namespace EDRS.Actors.Embeddings;

/// <summary>What one embedding call may carry; the contract (embedding.proto) states the same numbers.</summary>
public static class EmbeddingLimits
{
    /// <summary>Texts per call: keeps a request under 1 MiB and a reply (128 × 384 floats) near 200 KB on the wire.</summary>
    public const int MaxTexts = 128;

    /// <summary>Characters per text; the model reads at most 256 word pieces of it anyway.</summary>
    public const int MaxTextLength = 8_192;

    /// <summary>
    /// The first problem with <paramref name="texts"/> as (field, description), or null when they may be embedded.
    /// <paramref name="field"/> names the list in messages (e.g. <c>texts</c>); <paramref name="offset"/> is added to
    /// indexes, for callers that split a longer list into calls.
    /// </summary>
    public static (string Field, string Description)? Check(IReadOnlyList<string?> texts, string field, int offset = 0)
    {
        if (texts.Count == 0)
            return (field, "at least one text is required");
        if (texts.Count > MaxTexts)
            return (field, $"at most {MaxTexts} texts per call (was {texts.Count})");
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i];
            if (string.IsNullOrWhiteSpace(text))
                return ($"{field}[{i + offset}]", "must not be empty or blank");
            if (text.Length > MaxTextLength)
                return ($"{field}[{i + offset}]", $"at most {MaxTextLength} characters (was {text.Length})");
        }
        return null;
    }
}
