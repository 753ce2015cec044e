namespace EDRS.Knowledge.Documents.Chunking;

/// <summary>
/// Hand-written: .NET has no sentence segmentation (ICU's break iterator is not exposed), and the packages that offer
/// one bring whole NLP pipelines. Rules, in one linear pass each:
/// <list type="bullet">
/// <item>sentence: ends after a run of <c>. ! ? …</c> (and their full-width and other-script forms), with any closing
/// quotes or brackets, when whitespace or the end follows; CJK full stops end a sentence without whitespace. An
/// abbreviation (<c>e.g. x</c>) ends a "sentence" too — harmless, as sentences are packed together again;</item>
/// <item>line: ends at a line break;</item>
/// <item>word: ends at whitespace.</item>
/// </list>
/// Every range returned is trimmed of whitespace and non-empty.
/// </summary>
internal static class TextSegmenter
{
    public static List<(int Start, int End)> Sentences(string text, int start, int end)
    {
        var ranges = new List<(int, int)>();
        var sentenceStart = start;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (!IsTerminator(c))
            {
                i++;
                continue;
            }
            var afterTerminators = i + 1;
            while (afterTerminators < end && (IsTerminator(text[afterTerminators]) || IsCloser(text[afterTerminators])))
                afterTerminators++;
            if (afterTerminators == end || char.IsWhiteSpace(text[afterTerminators]) || IsCjkTerminator(c))
            {
                AddTrimmed(ranges, text, sentenceStart, afterTerminators);
                sentenceStart = afterTerminators;
            }
            i = afterTerminators;
        }
        AddTrimmed(ranges, text, sentenceStart, end);
        return ranges;
    }

    public static List<(int Start, int End)> Lines(string text, int start, int end)
    {
        var ranges = new List<(int, int)>();
        var lineStart = start;
        for (var i = start; i < end; i++)
        {
            if (text[i] != '\n')
                continue;
            AddTrimmed(ranges, text, lineStart, i);
            lineStart = i + 1;
        }
        AddTrimmed(ranges, text, lineStart, end);
        return ranges;
    }

    public static List<(int Start, int End)> Words(string text, int start, int end)
    {
        var ranges = new List<(int, int)>();
        var i = start;
        while (i < end)
        {
            while (i < end && char.IsWhiteSpace(text[i]))
                i++;
            var wordStart = i;
            while (i < end && !char.IsWhiteSpace(text[i]))
                i++;
            if (i > wordStart)
                ranges.Add((wordStart, i));
        }
        return ranges;
    }

    private static void AddTrimmed(List<(int, int)> ranges, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        if (end > start)
            ranges.Add((start, end));
    }

    private static bool IsTerminator(char c) =>
        c is '.' or '!' or '?' or '…' or '‼' or '⁇' or '⁈' or '⁉' or '؟' or '۔' or '।' or '॥' or '።' || IsCjkTerminator(c);

    private static bool IsCjkTerminator(char c) => c is '。' or '！' or '？' or '｡' or '．';

    private static bool IsCloser(char c) =>
        c is '"' or '\'' or ')' or ']' or '}' or '»' or '”' or '’' or '」' or '』' or '）' or '】' or '›';
}
