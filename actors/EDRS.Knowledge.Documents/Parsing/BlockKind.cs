namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>What a <see cref="DocumentBlock"/> of the canonical text is.</summary>
public enum BlockKind
{
    /// <summary>A heading (h1–h6, <c>#</c>…<c>######</c>, or a PDF line set in a larger font); never split by the chunker.</summary>
    Heading,

    /// <summary>Running text: a paragraph, a quote's paragraph, a plain-text paragraph, a PDF text block.</summary>
    Paragraph,

    /// <summary>One item of a list, its marker (<c>- </c> or <c>3. </c>) included in the text.</summary>
    ListItem,

    /// <summary>A whole table: one line per row, cells separated by <c> | </c>.</summary>
    Table,

    /// <summary>Preformatted text or a code block, its lines and indentation kept.</summary>
    Code,
}
