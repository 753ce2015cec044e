namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>
/// One structural block of a document: its kind and where it lies in the canonical text,
/// <c>[<see cref="Start"/>, <see cref="End"/>)</c> in UTF-16 code units (C# string indices).
/// </summary>
/// <param name="Kind">Heading, paragraph, list item, table or code.</param>
/// <param name="Start">Index of the block's first character in <see cref="ParsedDocument.Text"/>.</param>
/// <param name="End">Index just past the block's last character; the block's text never starts or ends with a line break.</param>
/// <param name="HeadingLevel">1–6 for a heading, 0 for every other kind.</param>
/// <param name="HeadingPath">
/// The headings the block sits under, outermost first; a heading's own path ends with itself. Blocks under the same
/// headings share one list instance.
/// </param>
/// <param name="Page">The 1-based page of a PDF block; null for other formats.</param>
public sealed record DocumentBlock(BlockKind Kind, int Start, int End, int HeadingLevel, IReadOnlyList<string> HeadingPath, int? Page)
{
    /// <summary>Length of the block's text in UTF-16 code units.</summary>
    public int Length => End - Start;
}
