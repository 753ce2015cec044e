namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>
/// A document reduced to one canonical plain text and the structure found in it. The same content always yields the
/// same <see cref="Text"/>, hence the same <see cref="ContentHash"/>.
/// </summary>
public sealed record ParsedDocument
{
    /// <summary>The media type the document was parsed as, e.g. <c>text/markdown</c> (see <see cref="DocumentContentTypes"/>).</summary>
    public required string ContentType { get; init; }

    /// <summary>
    /// The readable text: blocks separated by a blank line (list items of one list by a single line break), no markup, no
    /// U+0000, no unpaired surrogate, line ends <c>\n</c>. Empty when the document has no text (e.g. a scanned PDF).
    /// </summary>
    public required string Text { get; init; }

    /// <summary>The blocks of <see cref="Text"/> in reading order, not overlapping, with offsets into it.</summary>
    public required IReadOnlyList<DocumentBlock> Blocks { get; init; }

    /// <summary>SHA-256 of <see cref="Text"/> as UTF-8, lowercase hex (64 characters): see <see cref="DocumentContentHash"/>.</summary>
    public required string ContentHash { get; init; }

    /// <summary>The document's title when it states one (HTML <c>&lt;title&gt;</c>, PDF metadata) or else its first level-1 heading.</summary>
    public string? Title { get; init; }

    /// <summary>Number of pages of a PDF; null for other formats.</summary>
    public int? PageCount { get; init; }
}
