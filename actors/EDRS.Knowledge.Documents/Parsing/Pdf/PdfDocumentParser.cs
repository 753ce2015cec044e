using System.Runtime.InteropServices;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.Exceptions;

namespace EDRS.Knowledge.Documents.Parsing.Pdf;

/// <summary>
/// <c>application/pdf</c> with PdfPig, page by page: letters → words (PdfPig's default extraction, by spaces and letter
/// gaps; its nearest-neighbour extractor cost 20× more per page, measured) → text blocks (Docstrum, which groups lines
/// into paragraphs by their spacing)
/// → reading order (columns before rows); a block is cut again where the type size changes or a gap between lines is
/// wider than 1.4× the page's usual line spacing. A block's lines are joined with spaces, a word hyphenated across a
/// line end is joined again. A short block (≤ 3 lines) set clearly larger than the body text (≥ 1.15×, body = the size most text
/// is set in) is a heading; its level is the rank of its size among the heading sizes. Every block carries its page.
/// Images are not read (no OCR): a scanned PDF yields no text.
/// </summary>
internal static class PdfDocumentParser
{
    private const double HeadingSizeRatio = 1.15;
    private const double ParagraphGapRatio = 1.4;
    private const double SingleSpacing = 1.2;
    private const int HeadingMaxLines = 3;
    private const int HeadingMaxLength = 200;

    /// <summary>Adds the PDF's text to <paramref name="builder"/>; returns its metadata title, if any, and its page count.</summary>
    /// <exception cref="DocumentParseException">The PDF cannot be read.</exception>
    public static (string? Title, int Pages) Parse(ReadOnlyMemory<byte> content, CanonicalTextBuilder builder)
    {
        var bytes = MemoryMarshal.TryGetArray(content, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : content.ToArray();
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw new DocumentParseException("The PDF is encrypted with a password; send it without protection.", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DocumentParseException($"The content is not a readable PDF: {e.Message}", e);
        }

        using (pdf)
        {
            var blocks = new List<PdfTextBlock>();
            var pages = 0;
            var number = 0;
            try
            {
                pages = pdf.NumberOfPages;
                for (number = 1; number <= pages; number++)
                    ReadPage(pdf.GetPage(number), number, blocks);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new DocumentParseException($"Page {number} of the PDF cannot be read: {e.Message}", e);
            }

            var levels = HeadingLevels(blocks);
            foreach (var block in blocks)
            {
                if (levels.TryGetValue(block.SizeKey, out var level) && block.Lines <= HeadingMaxLines && block.Text.Length <= HeadingMaxLength && block.Text.Any(char.IsLetter))
                    builder.Add(BlockKind.Heading, block.Text, level, block.Page);
                else
                    builder.Add(BlockKind.Paragraph, block.Text, page: block.Page);
            }

            var title = string.IsNullOrWhiteSpace(pdf.Information.Title) ? null : TextHygiene.Clean(pdf.Information.Title).Trim();
            return (string.IsNullOrEmpty(title) ? null : title, pages);
        }
    }

    private static void ReadPage(Page page, int number, List<PdfTextBlock> into)
    {
        var letters = page.Letters;
        if (letters.Count == 0)
            return;
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToArray();
        if (words.Length == 0)
            return;
        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        var ordered = UnsupervisedReadingOrderDetector.Instance.Get(blocks)
            .OrderBy(b => b.ReadingOrder)
            .Select(b => b.TextLines.Select(PdfLine.Of).Where(l => l.Text.Length > 0).ToArray())
            .ToArray();

        // Docstrum can group a heading with the paragraph under it, or two paragraphs, when a page has few lines to
        // learn its spacing from. Cut its blocks again where the type size changes or the gap between two lines is
        // clearly wider than this page's usual line spacing.
        var spacing = TypicalLineSpacing(ordered);
        foreach (var lines in ordered)
        {
            var first = 0;
            for (var i = 1; i <= lines.Length; i++)
            {
                if (i < lines.Length && !StartsParagraph(lines[i - 1], lines[i], spacing))
                    continue;
                var group = lines[first..i];
                first = i;
                var text = JoinLines(group);
                if (!string.IsNullOrWhiteSpace(text))
                    into.Add(new PdfTextBlock(number, text, group.Length, SizeKey(group)));
            }
        }
    }

    private static bool StartsParagraph(PdfLine above, PdfLine line, double typicalSpacing)
    {
        if (!SameSize(above, line))
            return true;
        // Too few lines on the page to learn its spacing from: assume single spacing (1.2× the type size).
        var spacing = typicalSpacing > 0 ? typicalSpacing : SingleSpacing * Math.Max(above.Size, line.Size);
        return above.Baseline - line.Baseline > spacing * ParagraphGapRatio;
    }

    /// <summary>The median distance between the baselines of consecutive lines of one size on the page; 0 if fewer than 3.</summary>
    private static double TypicalLineSpacing(PdfLine[][] blocks)
    {
        var distances = new List<double>();
        foreach (var lines in blocks)
        {
            for (var i = 1; i < lines.Length; i++)
            {
                var distance = lines[i - 1].Baseline - lines[i].Baseline;
                if (distance > 0 && SameSize(lines[i - 1], lines[i]))
                    distances.Add(distance);
            }
        }
        if (distances.Count < 3)
            return 0;
        distances.Sort();
        return distances[distances.Count / 2];
    }

    private static bool SameSize(PdfLine a, PdfLine b)
    {
        var (small, large) = a.Size <= b.Size ? (a.Size, b.Size) : (b.Size, a.Size);
        return small <= 0 || large < small * HeadingSizeRatio;
    }

    /// <summary>Lines joined by spaces; <c>exam-</c> + <c>ple</c> at a line end becomes <c>example</c>.</summary>
    private static string JoinLines(IEnumerable<PdfLine> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var lineText = line.Text;
            if (text.Length > 1 && text[^1] == '-' && char.IsLetter(text[^2]) && char.IsLower(lineText[0]))
                text.Length--;
            else if (text.Length > 0)
                text.Append(' ');
            text.Append(lineText);
        }
        return text.ToString();
    }

    /// <summary>The mean size of the lines' letters, rounded to half a point so that sizes can be compared as keys.</summary>
    private static double SizeKey(PdfLine[] lines)
    {
        var letters = lines.Sum(l => l.Letters);
        var size = letters == 0 ? 0 : lines.Sum(l => l.Size * l.Letters) / letters;
        return Math.Round(size * 2, MidpointRounding.AwayFromZero) / 2;
    }

    /// <summary>Heading level by size: the body size is the one most text is set in; larger sizes rank 1, 2, … (at most 6).</summary>
    private static Dictionary<double, int> HeadingLevels(List<PdfTextBlock> blocks)
    {
        if (blocks.Count == 0)
            return [];
        var body = blocks.GroupBy(b => b.SizeKey).MaxBy(g => g.Sum(b => b.Text.Length))!.Key;
        return blocks
            .Where(b => body > 0 && b.SizeKey >= body * HeadingSizeRatio && b.Lines <= HeadingMaxLines)
            .Select(b => b.SizeKey)
            .Distinct()
            .OrderDescending()
            .Select((size, rank) => (size, level: Math.Min(rank + 1, 6)))
            .ToDictionary(x => x.size, x => x.level);
    }

    private sealed record PdfTextBlock(int Page, string Text, int Lines, double SizeKey);

    /// <summary>A text line: its text, the mean size of its letters, its baseline (from the page's bottom), its letter count.</summary>
    private sealed record PdfLine(string Text, double Size, double Baseline, int Letters)
    {
        public static PdfLine Of(TextLine line)
        {
            double sum = 0;
            var count = 0;
            foreach (var word in line.Words)
            {
                foreach (var letter in word.Letters)
                {
                    if (string.IsNullOrWhiteSpace(letter.Value))
                        continue;
                    sum += letter.PointSize;
                    count++;
                }
            }
            var baseline = line.Words.Count > 0 && line.Words[0].Letters.Count > 0
                ? line.Words[0].Letters[0].StartBaseLine.Y
                : line.BoundingBox.Bottom;
            return new PdfLine(line.Text.Trim(), count == 0 ? 0 : sum / count, baseline, count);
        }
    }
}
