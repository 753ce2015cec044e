using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace EDRS.Testing.Knowledge;

/// <summary>Writes real PDFs with PdfPig's <see cref="PdfDocumentBuilder"/>: headings and wrapped paragraphs, page by page.</summary>
public sealed class TestPdf
{
    private const double Left = 56;
    private const double Top = 780;
    private const double BodySize = 11;
    private const double LineHeight = 14;
    private const int CharactersPerLine = 80;

    private readonly List<List<(string Text, bool Heading)>> _pages = [];

    /// <summary>Starts a new page; what follows goes on it.</summary>
    public TestPdf Page()
    {
        _pages.Add([]);
        return this;
    }

    public TestPdf Heading(string text)
    {
        _pages[^1].Add((text, true));
        return this;
    }

    public TestPdf Paragraph(string text)
    {
        _pages[^1].Add((text, false));
        return this;
    }

    public byte[] Build()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        foreach (var content in _pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = Top;
            foreach (var (text, heading) in content)
            {
                if (heading)
                {
                    page.AddText(text, 20, new PdfPoint(Left, y), bold);
                    y -= 36;
                    continue;
                }
                foreach (var line in Wrap(text))
                {
                    page.AddText(line, BodySize, new PdfPoint(Left, y), font);
                    y -= LineHeight;
                }
                y -= LineHeight * 1.5; // paragraph gap
            }
        }
        return builder.Build();
    }

    private static IEnumerable<string> Wrap(string text)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > CharactersPerLine)
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
}
