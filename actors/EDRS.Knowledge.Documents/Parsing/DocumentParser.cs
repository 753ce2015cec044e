using EDRS.Knowledge.Documents.Parsing.Html;
using EDRS.Knowledge.Documents.Parsing.Markdown;
using EDRS.Knowledge.Documents.Parsing.Pdf;
using EDRS.Knowledge.Documents.Parsing.PlainText;

namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>
/// Turns a document (plain text, Markdown, HTML or PDF) into one canonical plain text and its structure: see
/// <see cref="ParsedDocument"/>. Stateless and safe to share between threads. Work is linear in the input (PDF layout
/// analysis n log n per page); the caller bounds the input's size.
/// </summary>
public sealed class DocumentParser
{
    /// <summary>Parses a document given as bytes.</summary>
    /// <param name="content">The document's bytes.</param>
    /// <param name="contentType">The type the sender stated (e.g. <c>text/markdown; charset=utf-8</c>); null or
    /// <c>application/octet-stream</c> to detect it from the bytes and <paramref name="fileName"/>.</param>
    /// <param name="fileName">The document's file name, if known; used only to detect the type.</param>
    /// <exception cref="UnsupportedContentTypeException">The type is not supported (the exception names it).</exception>
    /// <exception cref="DocumentParseException">The content cannot be read as its type (e.g. a damaged PDF).</exception>
    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string? contentType = null, string? fileName = null)
    {
        var format = DocumentFormatDetector.Detect(content.Span, contentType, fileName);
        var charset = DocumentContentTypes.Charset(contentType);
        var builder = new CanonicalTextBuilder();
        string? title = null;
        int? pages = null;
        switch (format)
        {
            case DocumentFormat.PlainText:
                PlainTextParser.Parse(TextDecoding.Decode(content.Span, charset), builder);
                break;
            case DocumentFormat.Markdown:
                MarkdownDocumentParser.Parse(TextDecoding.Decode(content.Span, charset), builder);
                break;
            case DocumentFormat.Html:
                title = HtmlDocumentParser.Parse(content, charset, builder);
                break;
            case DocumentFormat.Pdf:
                (title, var pageCount) = PdfDocumentParser.Parse(content, builder);
                pages = pageCount;
                break;
        }
        return Complete(format, builder, title, pages);
    }

    /// <summary>Parses a text document already decoded to a string (plain text, Markdown or HTML).</summary>
    /// <param name="text">The document's text.</param>
    /// <param name="contentType"><c>text/plain</c>, <c>text/markdown</c> or <c>text/html</c>.</param>
    /// <exception cref="UnsupportedContentTypeException">The type is missing, not supported, or a binary type such as PDF.</exception>
    public ParsedDocument ParseText(string text, string contentType)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!DocumentContentTypes.TryGetFormat(contentType, out var format, out _) || format == DocumentFormat.Pdf)
            throw new UnsupportedContentTypeException(
                DocumentContentTypes.MediaType(contentType),
                $"contentType '{contentType}' is not supported for text: send {DocumentContentTypes.PlainText}, {DocumentContentTypes.Markdown} or {DocumentContentTypes.Html} (a PDF is sent as bytes).");
        var builder = new CanonicalTextBuilder();
        string? title = null;
        switch (format)
        {
            case DocumentFormat.PlainText:
                PlainTextParser.Parse(text, builder);
                break;
            case DocumentFormat.Markdown:
                MarkdownDocumentParser.Parse(text, builder);
                break;
            case DocumentFormat.Html:
                title = HtmlDocumentParser.Parse(text, builder);
                break;
        }
        return Complete(format, builder, title, pages: null);
    }

    private static ParsedDocument Complete(DocumentFormat format, CanonicalTextBuilder builder, string? title, int? pages)
    {
        var (text, blocks) = builder.Build();
        return new ParsedDocument
        {
            ContentType = DocumentContentTypes.Of(format),
            Text = text,
            Blocks = blocks,
            ContentHash = DocumentContentHash.Compute(text),
            Title = title ?? builder.FirstTopHeading,
            PageCount = pages,
        };
    }
}
