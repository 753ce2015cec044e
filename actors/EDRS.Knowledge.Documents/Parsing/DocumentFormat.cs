namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>The formats a document can be parsed from.</summary>
public enum DocumentFormat
{
    PlainText,
    Markdown,
    Html,
    Pdf,
}
