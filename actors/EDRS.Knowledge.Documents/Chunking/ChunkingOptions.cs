namespace EDRS.Knowledge.Documents.Chunking;

/// <summary>
/// How documents are cut into chunks for embedding (section <c>Knowledge:Chunking</c>; environment variables
/// <c>Knowledge__Chunking__...</c>). Sizes are in the embedding model's tokens (see <see cref="ITokenCounter"/>).
/// Validated by <see cref="DocumentChunker"/>'s constructor; hosts call <see cref="Validate"/> at start-up.
/// </summary>
public sealed class ChunkingOptions
{
    public const string Section = "Knowledge:Chunking";

    /// <summary>Upper bound of <see cref="MaxTokens"/>.</summary>
    public const int MaxTokensLimit = 100_000;

    /// <summary>The size chunks are packed up to. Default 300.</summary>
    public int TargetTokens { get; set; } = 300;

    /// <summary>
    /// Below this a chunk takes more text even past <see cref="TargetTokens"/> (up to <see cref="MaxTokens"/>), splitting
    /// a block if need be; only the last chunk of a section may stay smaller. Default 200.
    /// </summary>
    public int MinTokens { get; set; } = 200;

    /// <summary>
    /// No chunk is larger (checked with one count of its whole text); a block that alone is larger is split at sentence
    /// ends, then line breaks, then spaces. Default 400. Keep it within the embedding model's input length, or the model
    /// reads only the start of a chunk.
    /// </summary>
    public int MaxTokens { get; set; } = 400;

    /// <summary>
    /// Up to this many tokens at the end of a chunk are repeated at the start of the next one, cut at a sentence start
    /// (a word start when the last sentence alone is longer), so that a passage cut in two is still found whole. Not
    /// across a heading: a chunk that starts a section does not repeat the previous one. 0 turns it off. Default 50.
    /// </summary>
    public int OverlapTokens { get; set; } = 50;

    /// <summary>
    /// A second bound, in characters, for text a tokenizer counts as very few tokens (a WordPiece tokenizer reads any
    /// word longer than 100 characters as one <c>[UNK]</c>): no chunk spans more characters. Default 4000.
    /// </summary>
    public int MaxChunkCharacters { get; set; } = 4000;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxTokens is < 1 or > MaxTokensLimit)
            problems.Add($"Knowledge:Chunking:MaxTokens must be 1..{MaxTokensLimit} (was {MaxTokens}): set Knowledge__Chunking__MaxTokens.");
        if (TargetTokens < 1 || TargetTokens > MaxTokens)
            problems.Add($"Knowledge:Chunking:TargetTokens must be 1..MaxTokens ({MaxTokens}) (was {TargetTokens}): set Knowledge__Chunking__TargetTokens.");
        if (MinTokens < 0 || MinTokens > TargetTokens)
            problems.Add($"Knowledge:Chunking:MinTokens must be 0..TargetTokens ({TargetTokens}) (was {MinTokens}): set Knowledge__Chunking__MinTokens.");
        if (OverlapTokens < 0 || OverlapTokens > TargetTokens / 2)
            problems.Add($"Knowledge:Chunking:OverlapTokens must be 0..half of TargetTokens ({TargetTokens / 2}) (was {OverlapTokens}): set Knowledge__Chunking__OverlapTokens.");
        if (MaxChunkCharacters is < 64 or > 10_000_000)
            problems.Add($"Knowledge:Chunking:MaxChunkCharacters must be 64..10000000 (was {MaxChunkCharacters}): set Knowledge__Chunking__MaxChunkCharacters.");
        return problems;
    }
}
