namespace EDRS.Knowledge.Documents.Parsing.PlainText;

/// <summary>
/// <c>text/plain</c>: line ends normalised to <c>\n</c>; a paragraph is a run of lines between blank (or whitespace-only)
/// lines; inside a paragraph the line breaks are kept and runs of spaces become one.
/// </summary>
internal static class PlainTextParser
{
    public static void Parse(string text, CanonicalTextBuilder builder)
    {
        // Hygiene first, so that CR LF and CR are line ends before lines are looked at.
        var clean = TextHygiene.Clean(text).AsSpan();
        var paragraphStart = -1;
        var position = 0;
        foreach (var range in clean.Split('\n'))
        {
            var (offset, length) = range.GetOffsetAndLength(clean.Length);
            var blank = clean.Slice(offset, length).IsWhiteSpace();
            if (blank && paragraphStart >= 0)
            {
                builder.Add(BlockKind.Paragraph, clean[paragraphStart..position]);
                paragraphStart = -1;
            }
            else if (!blank && paragraphStart < 0)
            {
                paragraphStart = offset;
            }
            position = offset + length;
        }
        if (paragraphStart >= 0)
            builder.Add(BlockKind.Paragraph, clean[paragraphStart..position]);
    }
}
