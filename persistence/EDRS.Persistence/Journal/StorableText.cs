using System.Globalization;

namespace EDRS.Persistence.Journal;

/// <summary>
/// Finds, before anything is sent, text that PostgreSQL would refuse: NUL and unpaired UTF-16 surrogates, raw in a
/// string or escaped (<c>\u0000</c>, <c>\ud800</c>) in JSON bound for a jsonb column. Hand-written: no package checks
/// text against PostgreSQL's rules, and these are the rules (PostgreSQL 15: SQL states 22021, 22P05, 22P02).
/// </summary>
public static class StorableText
{
    /// <summary>SQL state for NUL or an unpaired surrogate in a text column (character not in repertoire).</summary>
    public const string NotInRepertoire = "22021";

    /// <summary>SQL state for <c>\u0000</c> in jsonb (unsupported Unicode escape sequence).</summary>
    public const string UnsupportedEscape = "22P05";

    /// <summary>SQL state for an unpaired surrogate escape in jsonb (invalid input syntax for type json).</summary>
    public const string InvalidJson = "22P02";

    /// <summary>The fault of text bound for a text column, or of a string about to be serialized.</summary>
    public static TextFault Check(ReadOnlySpan<char> text)
    {
        if (text.Contains('\0'))
            return TextFault.Nul;
        // Most text has no surrogate at all: one vectorized search, then a pair check from the first one on.
        var first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
            return TextFault.None;
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                    return TextFault.UnpairedSurrogate;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return TextFault.UnpairedSurrogate;
            }
        }
        return TextFault.None;
    }

    /// <summary>
    /// The fault of JSON text bound for a jsonb column: raw characters as <see cref="Check"/>, then every
    /// <c>\u</c> escape (a <c>\\u0000</c> is an escaped backslash followed by text, and passes).
    /// </summary>
    public static (TextFault Fault, string SqlState) CheckJson(ReadOnlySpan<char> json)
    {
        var raw = Check(json);
        if (raw != TextFault.None)
            return (raw, NotInRepertoire);
        var pendingHigh = false;
        var i = json.IndexOf('\\');
        while (i >= 0 && i + 1 < json.Length)
        {
            if (json[i + 1] == 'u' && TryHex(json, i + 2, out var unit))
            {
                if (pendingHigh && !char.IsLowSurrogate(unit))
                    return (TextFault.UnpairedSurrogate, InvalidJson);
                if (unit == 0)
                    return (TextFault.Nul, UnsupportedEscape);
                if (char.IsLowSurrogate(unit) && !pendingHigh)
                    return (TextFault.UnpairedSurrogate, InvalidJson);
                pendingHigh = char.IsHighSurrogate(unit);
                i += 6;
                // A high surrogate escape must be followed at once by a low surrogate escape.
                if (pendingHigh && (i >= json.Length || json[i] != '\\'))
                    return (TextFault.UnpairedSurrogate, InvalidJson);
                if (i < json.Length && json[i] == '\\')
                    continue;
            }
            else
            {
                if (pendingHigh)
                    return (TextFault.UnpairedSurrogate, InvalidJson);
                // Any other escape is two characters (\\, \", \n, ...).
                i += 2;
            }
            var next = i < json.Length ? json[i..].IndexOf('\\') : -1;
            i = next < 0 ? -1 : i + next;
        }
        return (pendingHigh ? TextFault.UnpairedSurrogate : TextFault.None, pendingHigh ? InvalidJson : "");
    }

    /// <summary>Words for a fault, safe to return and log (they never quote the text).</summary>
    public static string Describe(TextFault fault) => fault switch
    {
        TextFault.Nul => "NUL (U+0000)",
        TextFault.UnpairedSurrogate => "an unpaired UTF-16 surrogate",
        _ => "no fault",
    };

    /// <summary>
    /// <paramref name="text"/> with control characters and surrogates written as <c>\uXXXX</c>: a stream key that
    /// was refused for its text can still be named in a message or a log line.
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(c => char.IsControl(c) || char.IsSurrogate(c)))
            return text;
        var printable = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
                printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else
                printable.Append(c);
        }
        return printable.ToString();
    }

    private static bool TryHex(ReadOnlySpan<char> json, int start, out char unit)
    {
        unit = default;
        if (start + 4 > json.Length
            || !ushort.TryParse(json.Slice(start, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            return false;
        unit = (char)value;
        return true;
    }
}
