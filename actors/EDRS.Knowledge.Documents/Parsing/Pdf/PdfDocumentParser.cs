using System.Runtime.InteropServices;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Exceptions;

namespace EDRS.Knowledge.Documents.Parsing.Pdf;

/// <summary>
/// <c>application/pdf</c> with PdfPig, page by page: letters → words (nearest-neighbour word extraction, which copes with
/// PDFs that place every glyph separately) → text blocks (Docstrum, which groups lines into paragraphs by their spacing)
/// → reading order (columns before rows). A block's lines are joined with spaces, a word hyphenated across a line end is
/// joined again. A short block (≤ 3 lines) set clearly larger than the body text (≥ 1.15×, body = the size most text
/// is set in) is a heading; its level is the rank of its size among the heading sizes. Every block carries its page.
/// Images are not read (no OCR): a scanned PDF yields no text.
/// </summary>
internal static class PdfDocumentParser
{
    private const double HeadingSizeRatio = 1.15;
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
        var words = NearestNeighbourWordExtractor.Instance.GetWords(letters).Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToArray();
        if (words.Length == 0)
            return;
        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        var ordered = UnsupervisedReadingOrderDetector.Instance.Get(blocks).OrderBy(b => b.ReadingOrder);
        foreach (var block in ordered)
        {
            var text = JoinLines(block.TextLines);
            if (string.IsNullOrWhiteSpace(text))
                continue;
            into.Add(new PdfTextBlock(number, text, block.TextLines.Count, SizeKey(block)));
        }
    }

    /// <summary>Lines joined by spaces; <c>exam-</c> + <c>ple</c> at a line end becomes <c>example</c>.</summary>
    private static string JoinLines(IReadOnlyList<TextLine> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var lineText = line.Text.Trim();
            if (lineText.Length == 0)
                continue;
            if (text.Length > 1 && text[^1] == '-' && char.IsLetter(text[^2]) && char.IsLower(lineText[0]))
                text.Length--;
            else if (text.Length > 0)
                text.Append(' ');
            text.Append(lineText);
        }
        return text.ToString();
    }

    /// <summary>The mean size of the block's letters, rounded to half a point so that sizes can be compared as keys.</summary>
    private static double SizeKey(TextBlock block)
    {
        double sum = 0;
        var count = 0;
        foreach (var line in block.TextLines)
        {
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
        }
        return count == 0 ? 0 : Math.Round(sum / count * 2, MidpointRounding.AwayFromZero) / 2;
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
}
