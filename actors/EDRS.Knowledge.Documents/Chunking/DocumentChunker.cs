using EDRS.Knowledge.Documents.Parsing;

namespace EDRS.Knowledge.Documents.Chunking;

/// <summary>
/// Cuts a parsed document into chunks for embedding, following its structure:
/// <list type="number">
/// <item>a heading of level 1 or 2 starts a new chunk once the current one holds more than headings; a chunk never ends
/// on a heading (it moves to the next chunk with its text), and a heading is never split (unless it alone exceeds
/// <see cref="ChunkingOptions.MaxTokens"/>);</item>
/// <item>blocks (paragraphs, list items, tables, code) are packed whole up to <see cref="ChunkingOptions.TargetTokens"/>;
/// a chunk still below <see cref="ChunkingOptions.MinTokens"/> takes the next block if it fits within
/// <see cref="ChunkingOptions.MaxTokens"/>, or else the part of it that fits, cut at sentence ends, then line breaks,
/// then spaces, then (for a "word" longer than a chunk) between graphemes;</item>
/// <item>a block larger than <see cref="ChunkingOptions.MaxTokens"/> is cut the same way;</item>
/// <item>a chunk that continues the text of the previous one starts with up to
/// <see cref="ChunkingOptions.OverlapTokens"/> of its last tokens, from a sentence start.</item>
/// </list>
/// Each chunk's text is the exact canonical substring <c>[Start, End)</c>; chunks follow the text in order and together
/// cover all of it but the whitespace between them. Work is linear in the text: every piece is counted once per level
/// it is cut to, plus one count of each finished chunk. Each call runs on its own state, so a chunker can be shared
/// between threads when its <see cref="ITokenCounter"/> can.
/// </summary>
public sealed class DocumentChunker
{
    private readonly ITokenCounter _counter;
    private readonly ChunkingOptions _options;

    /// <exception cref="ArgumentException">The options are not valid (the message names each setting and its environment variable).</exception>
    public DocumentChunker(ITokenCounter counter, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        _counter = counter;
        // A copy: options bound from configuration may change later; a chunker's behaviour must not.
        _options = new ChunkingOptions
        {
            TargetTokens = options.TargetTokens,
            MinTokens = options.MinTokens,
            MaxTokens = options.MaxTokens,
            OverlapTokens = options.OverlapTokens,
            MaxChunkCharacters = options.MaxChunkCharacters,
        };
    }

    /// <summary>The chunks of <paramref name="document"/>, in text order; none for a document without text.</summary>
    public IReadOnlyList<DocumentChunk> Chunk(ParsedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new ChunkingRun(document, _counter, _options).Run();
    }
}
