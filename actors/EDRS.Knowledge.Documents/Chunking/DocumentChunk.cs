namespace EDRS.Knowledge.Documents.Chunking;

/// <summary>
/// A piece of a document's canonical text sized for embedding. <see cref="Text"/> is exactly
/// <c>canonical[<see cref="Start"/>..<see cref="End"/>]</c> (UTF-16 offsets); it starts and ends with a non-whitespace
/// character. The heading path is context for the reader or the embedder, not part of <see cref="Text"/>.
/// </summary>
/// <param name="Index">0-based position among the document's chunks.</param>
/// <param name="Text">The chunk's text, a substring of the canonical text.</param>
/// <param name="Start">Offset of the chunk's first character in the canonical text.</param>
/// <param name="End">Offset just past its last character.</param>
/// <param name="OverlapLength">
/// How many characters at the start of <see cref="Text"/> repeat the end of the previous chunk (0 when none):
/// the previous chunk's <see cref="End"/> is <c><see cref="Start"/> + OverlapLength</c>.
/// </param>
/// <param name="TokenCount">Tokens of <see cref="Text"/>, counted by the <see cref="ITokenCounter"/> the chunker was given.</param>
/// <param name="FirstPage">The PDF page the chunk starts on; null for other formats.</param>
/// <param name="LastPage">The PDF page the chunk ends on; null for other formats.</param>
/// <param name="HeadingPath">The headings the chunk's new text (after the overlap) starts under, outermost first.</param>
public sealed record DocumentChunk(
    int Index,
    string Text,
    int Start,
    int End,
    int OverlapLength,
    int TokenCount,
    int? FirstPage,
    int? LastPage,
    IReadOnlyList<string> HeadingPath);
