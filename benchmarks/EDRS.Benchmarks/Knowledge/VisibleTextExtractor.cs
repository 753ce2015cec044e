using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace EDRS.Benchmarks.Knowledge;

/// <summary>
/// The text a reader sees in a corpus document, whitespace collapsed: what questions.json passages are checked against.
/// </summary>
/// <remarks>
/// Hand-written on purpose: this only validates the evaluation set (a passage must be a substring of what a reader
/// sees), so a tag strip is enough and keeps the check independent of the knowledge grain's own extractor, which is
/// what the benchmark measures. Rules: HTML drops comments and script/style/head/template/noscript elements, removes
/// inline tags (so <c>&lt;code&gt;x&lt;/code&gt;,</c> reads "x,") and turns every other tag into a space, then decodes
/// entities; Markdown drops heading, quote and list markers, fences, table rules and pipes, <c>**</c> and backticks, and
/// keeps link text; plain text is taken as is. All three collapse runs of whitespace to one space.
/// </remarks>
public static partial class VisibleTextExtractor
{
    private static readonly HashSet<string> InlineTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "label",
        "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    };

    /// <summary>Runs of whitespace (including no-break spaces) as one space, trimmed.</summary>
    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>The visible text of an HTML page, navigation, header and footer included.</summary>
    public static string FromHtml(string html) => Collapse(WebUtility.HtmlDecode(StripTags(DropInvisible(html))));

    /// <summary>
    /// The visible text of the page's <c>&lt;main&gt;</c> element (the body of the page, without navigation and footer),
    /// or of the whole page when it has none.
    /// </summary>
    public static string FromHtmlMain(string html)
    {
        var visible = DropInvisible(html);
        var main = MainElement().Match(visible);
        return Collapse(WebUtility.HtmlDecode(StripTags(main.Success ? main.Groups[1].Value : visible)));
    }

    /// <summary>The text of rendered Markdown, as far as the corpus uses Markdown.</summary>
    public static string FromMarkdown(string markdown)
    {
        var text = new StringBuilder(markdown.Length);
        foreach (var rawLine in markdown.Split('\n'))
        {
            var trimmed = rawLine.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || TableRule().IsMatch(trimmed) || HorizontalRule().IsMatch(trimmed))
                continue;
            var line = HeadingMarker().Replace(rawLine, "");
            line = QuoteMarker().Replace(line, "");
            line = ListMarker().Replace(line, "");
            text.Append(line.Replace('|', ' ')).Append('\n');
        }
        var inline = Link().Replace(text.ToString(), "$1");
        return Collapse(inline.Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal));
    }

    /// <summary>Plain text: whitespace collapsed.</summary>
    public static string FromPlainText(string text) => Collapse(text);

    private static string DropInvisible(string html) => InvisibleElement().Replace(Comment().Replace(html, " "), " ");

    private static string StripTags(string html) =>
        Tag().Replace(html, tag => InlineTags.Contains(tag.Groups[1].Value) ? "" : " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"<(script|style|head|template|noscript)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InvisibleElement();

    [GeneratedRegex(@"<main\b[^>]*>(.*?)</main\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex MainElement();

    // Any tag, closing tag, doctype or processing instruction; group 1 is the element name when there is one.
    [GeneratedRegex(@"<[!?/]?([a-zA-Z][a-zA-Z0-9-]*)?[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")]
    private static partial Regex TableRule();

    [GeneratedRegex(@"^(-{3,}|\*{3,}|_{3,})$")]
    private static partial Regex HorizontalRule();

    [GeneratedRegex(@"^\s*#{1,6}\s+")]
    private static partial Regex HeadingMarker();

    [GeneratedRegex(@"^\s*>\s?")]
    private static partial Regex QuoteMarker();

    [GeneratedRegex(@"^\s*([-*+]|\d+\.)\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();
}
