using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace EDRS.Benchmarks.Knowledge;

/// <summary>
/// Renders a PDF source of the corpus (pages split at form feeds) to a real PDF, one line of text per source line:
/// 10 pt Helvetica, 40 pt margins, A4 — the layout the corpus's line (95 characters) and page (55 lines) limits fit.
/// </summary>
internal static class KnowledgePdf
{
    private const double FontSize = 10;
    private const double Margin = 40;

    public static byte[] Render(KnowledgeDocument document)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        const double height = 842; // A4 in points
        var lineAdvance = (height - 2 * Margin - FontSize) / (KnowledgeEvalSet.MaxPdfLinesPerPage - 1);
        foreach (var source in document.PdfPages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = height - Margin - FontSize;
            foreach (var line in source.Trim('\n').Split('\n'))
            {
                if (line.Length > 0)
                    page.AddText(line, FontSize, new PdfPoint(Margin, y), font);
                y -= lineAdvance;
            }
        }
        return builder.Build();
    }
}
