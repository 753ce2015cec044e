using System.Text;

namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>
/// Bytes of a text document to a string: a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE) wins, then the
/// <c>charset</c> the sender stated, then UTF-8. Invalid sequences become U+FFFD rather than failing the document.
/// </summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string Decode(ReadOnlySpan<byte> content, string? charset)
    {
        var (bomEncoding, bomLength) = FromByteOrderMark(content);
        if (bomEncoding is not null)
            return bomEncoding.GetString(content[bomLength..]);
        return (charset is null ? Utf8 : FromCharset(charset)).GetString(content);
    }

    /// <summary>The encoding a byte order mark announces, if <paramref name="content"/> starts with one.</summary>
    public static (Encoding? Encoding, int Length) FromByteOrderMark(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return (Utf8, 3);
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: false), 4);
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: false), 2);
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: false), 2);
        return (null, 0);
    }

    /// <summary>The encoding a charset name stands for: the ones .NET knows and the legacy code pages (windows-1252, …).</summary>
    /// <exception cref="DocumentParseException">The name is not a known charset.</exception>
    public static Encoding FromCharset(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
        }
        return CodePagesEncodingProvider.Instance.GetEncoding(charset)
            ?? throw new DocumentParseException(
                $"charset '{charset}' of the contentType is not a known character set: use utf-8 (or send the text with a byte order mark).");
    }
}
