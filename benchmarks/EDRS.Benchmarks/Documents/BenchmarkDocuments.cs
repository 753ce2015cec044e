using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace EDRS.Benchmarks.Documents;

/// <summary>
/// Deterministic documents of one content in every format: sections of English-like paragraphs, lists, a table and code;
/// the HTML page wraps it in navigation, header, footer and scripts; the PDF sets it on A4 pages (11 pt body, 18 pt headings).
/// </summary>
internal static class BenchmarkDocuments
{
    private static readonly string[] Words =
    [
        "the", "persona", "remembers", "customer", "invoice", "billing", "support", "team", "schedule", "meeting", "prefers",
        "morning", "calls", "ticket", "escalation", "contract", "renewal", "quarter", "report", "summary", "engineer", "deployment",
        "cluster", "member", "journal", "event", "stream", "snapshot", "gateway", "request", "policy", "refund", "approval",
        "manager", "deadline", "priority", "knowledge", "document", "is", "was", "and", "with", "for", "after", "before", "because",
    ];

    /// <summary>Sections of (heading, paragraphs, list items) until the text has about <paramref name="characters"/> characters.</summary>
    public static List<(string Heading, List<string> Paragraphs, List<string> Items)> Content(int characters, int seed = 20261206)
    {
        var random = new Random(seed);
        var sections = new List<(string, List<string>, List<string>)>();
        var total = 0;
        while (total < characters)
        {
            var paragraphs = Enumerable.Range(0, random.Next(2, 7)).Select(_ => Paragraph(random, random.Next(2, 9))).ToList();
            var items = Enumerable.Range(0, random.Next(0, 5)).Select(_ => Sentence(random)).ToList();
            sections.Add(($"Section {sections.Count + 1} on {Words[random.Next(Words.Length)]}", paragraphs, items));
            total += paragraphs.Sum(p => p.Length + 2) + items.Sum(i => i.Length + 3);
        }
        return sections;
    }

    public static string Markdown(List<(string Heading, List<string> Paragraphs, List<string> Items)> content)
    {
        var markdown = new StringBuilder("# Operations handbook\n\n");
        foreach (var (heading, paragraphs, items) in content)
        {
            markdown.Append("## ").Append(heading).Append("\n\n");
            foreach (var paragraph in paragraphs)
                markdown.Append(paragraph.Replace("persona", "*persona*", StringComparison.Ordinal)).Append("\n\n");
            foreach (var item in items)
                markdown.Append("- ").Append(item).Append('\n');
            markdown.Append("\n| Plan | Days |\n|---|---|\n| Basic | 30 |\n| Pro | 60 |\n\n```\nrefund(request);\n```\n\n");
        }
        return markdown.ToString();
    }

    public static string Html(List<(string Heading, List<string> Paragraphs, List<string> Items)> content)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><title>Operations handbook</title><script>var x = 1;</script></head><body>");
        html.Append("<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/docs\">Docs</a></li></ul></nav></header><main><article><h1>Operations handbook</h1>");
        foreach (var (heading, paragraphs, items) in content)
        {
            html.Append("<section><h2>").Append(heading).Append("</h2>");
            foreach (var paragraph in paragraphs)
                html.Append("<p>").Append(paragraph.Replace("persona", "<em>persona</em>", StringComparison.Ordinal)).Append("</p>\n");
            if (items.Count > 0)
                html.Append("<ul>").AppendJoin("", items.Select(i => $"<li>{i}</li>")).Append("</ul>");
            html.Append("<table><tr><th>Plan</th><th>Days</th></tr><tr><td>Basic</td><td>30</td></tr></table><pre>refund(request);</pre></section>\n");
        }
        html.Append("</article></main><aside>Related</aside><footer>Copyright</footer></body></html>");
        return html.ToString();
    }

    public static string PlainText(List<(string Heading, List<string> Paragraphs, List<string> Items)> content) =>
        string.Join("\n\n", content.SelectMany(s => s.Paragraphs.Prepend(s.Heading)));

    /// <summary>A PDF of the content, 11 pt Helvetica body wrapped at 85 characters, 18 pt bold headings, A4 pages.</summary>
    public static (byte[] Bytes, int Pages) Pdf(List<(string Heading, List<string> Paragraphs, List<string> Items)> content)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        PdfPageBuilder? page = null;
        var pages = 0;
        double y = 0;
        void Line(string text, double size, PdfDocumentBuilder.AddedFont face, double advance)
        {
            if (page is null || y < 60)
            {
                page = builder.AddPage(PageSize.A4);
                pages++;
                y = 780;
            }
            page.AddText(text, size, new PdfPoint(56, y), face);
            y -= advance;
        }
        foreach (var (heading, paragraphs, _) in content)
        {
            Line(heading, 18, bold, 30);
            foreach (var paragraph in paragraphs)
            {
                foreach (var line in Wrap(paragraph, 85))
                    Line(line, 11, font, 14);
                y -= 14;
            }
        }
        return (builder.Build(), pages);
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0)
                line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0)
            yield return line.ToString();
    }

    private static string Paragraph(Random random, int sentences) =>
        string.Join(' ', Enumerable.Range(0, sentences).Select(_ => Sentence(random)));

    private static string Sentence(Random random)
    {
        var words = Enumerable.Range(0, random.Next(6, 21)).Select(_ => Words[random.Next(Words.Length)]).ToArray();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words) + ".";
    }
}
