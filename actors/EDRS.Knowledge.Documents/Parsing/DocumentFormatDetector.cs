using System.Text;

namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>
/// Decides how to parse a document: an explicit content type wins; without one (or with <c>application/octet-stream</c>)
/// the bytes and the file name decide, in this order: the PDF signature, the file extension, an HTML start, and finally
/// text that is not binary is read as plain text.
/// </summary>
public static class DocumentFormatDetector
{
    // A PDF may carry a few bytes of junk before its header; readers look for it within the first KiB.
    private const int PdfSignatureWindow = 1024;
    private const int SniffWindow = 8192;

    private static ReadOnlySpan<byte> PdfSignature => "%PDF-"u8;

    /// <summary>The format to parse <paramref name="content"/> as.</summary>
    /// <param name="content">The document's bytes (only the first 8 KiB are looked at).</param>
    /// <param name="contentType">The type the sender stated, if any; parameters such as <c>charset</c> are allowed.</param>
    /// <param name="fileName">The document's file name or path, if known; only its extension is used.</param>
    /// <exception cref="UnsupportedContentTypeException">The stated type, the extension or the content is not supported.</exception>
    public static DocumentFormat Detect(ReadOnlySpan<byte> content, string? contentType, string? fileName)
    {
        if (DocumentContentTypes.TryGetFormat(contentType, out var stated, out var unknown))
            return stated;
        if (!unknown)
            throw new UnsupportedContentTypeException(
                DocumentContentTypes.MediaType(contentType),
                $"contentType '{contentType}' is not supported: send one of {string.Join(", ", DocumentContentTypes.Supported)}.");

        var head = content[..Math.Min(content.Length, SniffWindow)];
        if (head[..Math.Min(head.Length, PdfSignatureWindow)].IndexOf(PdfSignature) >= 0)
            return DocumentFormat.Pdf;

        var extension = Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
        switch (extension)
        {
            case ".pdf":
                // Named a PDF but without the signature: let the PDF parser say what is wrong with it.
                return DocumentFormat.Pdf;
            case ".md" or ".markdown" or ".mdown" or ".mkd" or ".mkdn":
                return DocumentFormat.Markdown;
            case ".html" or ".htm" or ".xhtml":
                return DocumentFormat.Html;
            case ".txt" or ".text":
                return DocumentFormat.PlainText;
        }

        var binaryKind = BinaryKind(head);
        if (binaryKind is not null)
            throw new UnsupportedContentTypeException(
                binaryKind,
                $"The document{Named(fileName)} is binary content ({binaryKind}), which is not supported: send one of {string.Join(", ", DocumentContentTypes.Supported)}.");
        if (LooksLikeHtml(head))
            return DocumentFormat.Html;
        return DocumentFormat.PlainText;
    }

    private static string Named(string? fileName) => string.IsNullOrWhiteSpace(fileName) ? string.Empty : $" '{fileName}'";

    /// <summary>What binary content is, when it is binary; null for text.</summary>
    private static string? BinaryKind(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\u0003\u0004"u8))
            return "application/zip"; // also .docx, .xlsx, .pptx, .odt, .epub
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
            return "image/png";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return "image/jpeg";
        if (head.StartsWith("GIF8"u8))
            return "image/gif";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
            return "application/x-ole-storage"; // .doc, .xls, .ppt
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
            return "application/gzip";
        // Text in UTF-16 or UTF-32 is full of zero bytes, but starts with a byte order mark.
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return null;
        return head.IndexOf((byte)0) >= 0 ? DocumentContentTypes.OctetStream : null;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var start = head;
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            start = start[3..];
        var text = Encoding.UTF8.GetString(start[..Math.Min(start.Length, 1024)]).TrimStart();
        if (text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
            return true;
        // Markup that opens with a comment or a head/body start.
        return text.StartsWith('<') && (
            text.Contains("<html", StringComparison.OrdinalIgnoreCase) ||
            text.Contains("<head", StringComparison.OrdinalIgnoreCase) ||
            text.Contains("<body", StringComparison.OrdinalIgnoreCase));
    }
}
