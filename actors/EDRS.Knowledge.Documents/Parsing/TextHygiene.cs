using System.Text;

namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>
/// What the canonical text may contain. It is stored in PostgreSQL <c>jsonb</c>, which rejects U+0000 and unpaired
/// UTF-16 surrogates, so every character passes through here on its way into the text:
/// <list type="bullet">
/// <item>U+0000 is <b>dropped</b>: it is padding or a decoding accident, never content, and a replacement would split
/// words apart;</item>
/// <item>an unpaired surrogate is <b>replaced by U+FFFD</b>: something was there (a character cut in half), and the
/// replacement character keeps the words around it apart;</item>
/// <item>U+FEFF (a byte order mark inside the text) is dropped;</item>
/// <item>CR LF, CR, U+2028 and U+2029 become <c>\n</c>; other control characters (C0 but tab and line feed, DEL, C1)
/// become a space.</item>
/// </list>
/// Surrogate pairs (emoji), combining marks and zero-width joiners are kept as they are.
/// </summary>
internal static class TextHygiene
{
    public const char Replacement = '\uFFFD';

    /// <summary>Appends <paramref name="text"/> to <paramref name="into"/>, cleaned as described on the type.</summary>
    public static void AppendClean(StringBuilder into, ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length)
        {
            // Copy runs of ordinary characters at once.
            var run = 0;
            while (i + run < text.Length && IsOrdinary(text[i + run]))
                run++;
            if (run > 0)
            {
                into.Append(text.Slice(i, run));
                i += run;
                continue;
            }

            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    into.Append(c).Append(text[i + 1]);
                    i += 2;
                    continue;
                }
                into.Append(Replacement);
            }
            else if (char.IsLowSurrogate(c))
            {
                into.Append(Replacement);
            }
            else if (c == '\r')
            {
                into.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
            }
            else if (c is '\u2028' or '\u2029')
            {
                into.Append('\n');
            }
            else if (c is '\0' or '\uFEFF')
            {
                // dropped
            }
            else
            {
                into.Append(' '); // another control character
            }
            i++;
        }
    }

    /// <summary><paramref name="text"/> cleaned as described on the type (the same string when nothing needed cleaning).</summary>
    public static string Clean(string text)
    {
        var span = text.AsSpan();
        var firstSpecial = 0;
        while (firstSpecial < span.Length && IsOrdinary(span[firstSpecial]))
            firstSpecial++;
        if (firstSpecial == span.Length)
            return text;
        var builder = new StringBuilder(text.Length);
        AppendClean(builder, span);
        return builder.ToString();
    }

    private static bool IsOrdinary(char c) =>
        c switch
        {
            '\n' or '\t' => true,
            < ' ' => false,
            '\u007F' => false,
            >= '\u0080' and <= '\u009F' => false,
            '\u2028' or '\u2029' or '\uFEFF' => false,
            >= '\uD800' and <= '\uDFFF' => false,
            _ => true,
        };
}
