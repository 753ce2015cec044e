using System.Runtime.InteropServices;
using AngleSharp.Html.Parser;

namespace EDRS.Knowledge.Documents.Parsing.Html;

/// <summary>
/// <c>text/html</c> with AngleSharp (an HTML5 parser: entities decoded, broken markup repaired the way browsers do),
/// main text only: see <see cref="HtmlMainContent"/> for what is kept and <see cref="HtmlTextWalker"/> for how it
/// becomes blocks.
/// </summary>
internal static class HtmlDocumentParser
{
    /// <summary>Parses a whole page; returns its <c>&lt;title&gt;</c>, if any.</summary>
    /// <param name="content">The page's bytes.</param>
    /// <param name="charset">The charset the sender stated, if any; otherwise a byte order mark or the page's own
    /// <c>&lt;meta charset&gt;</c> decides, as in a browser.</param>
    public static string? Parse(ReadOnlyMemory<byte> content, string? charset, CanonicalTextBuilder builder)
    {
        var parser = CreateParser();
        var (bomEncoding, _) = TextDecoding.FromByteOrderMark(content.Span);
        using var document = bomEncoding is null && charset is not null
            ? parser.ParseDocument(content, TextDecoding.FromCharset(charset))
            : parser.ParseDocument(OpenStream(content));
        return Walk(document, builder);
    }

    /// <summary>Parses a page that is already text.</summary>
    public static string? Parse(string html, CanonicalTextBuilder builder)
    {
        using var document = CreateParser().ParseDocument(html);
        return Walk(document, builder);
    }

    /// <summary>
    /// Adds the text of an HTML fragment (e.g. a raw HTML block inside Markdown) as blocks; the same elements are dropped
    /// as in a page, but no main root is looked for.
    /// </summary>
    public static void ParseFragment(string html, CanonicalTextBuilder builder)
    {
        using var document = CreateParser().ParseDocument(html);
        if (document.Body is { } body)
            new HtmlTextWalker(builder).Walk([body]);
    }

    private static string? Walk(AngleSharp.Html.Dom.IHtmlDocument document, CanonicalTextBuilder builder)
    {
        new HtmlTextWalker(builder).Walk(HtmlMainContent.Roots(document));
        var title = TextHygiene.Clean(document.Title ?? string.Empty);
        title = string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return title.Length == 0 ? null : title;
    }

    private static MemoryStream OpenStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private static HtmlParser CreateParser() => new(new HtmlParserOptions { IsScripting = false });
}
