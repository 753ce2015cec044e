using System.Text;

namespace EDRS.Benchmarks.Fuzz;

/// <summary>
/// What a field is replaced with, one field at a time: wrong types, lengths at and over the API's limits, NUL and unpaired
/// surrogates, right-to-left overrides, emoji, numbers at and past int/long, deep nesting and huge arrays. JSON values are
/// raw JSON text (so escapes no serializer would write, like <c>"\ud800"</c>, reach the server as a client could send them);
/// path, query and form values are raw percent-encoded text.
/// </summary>
internal static class FuzzValues
{
    /// <summary>The API's length limits (ids 64, names 200, texts 1,000 / 2,000 / 4,000, payloads 1,000,000 bytes), at and one over.</summary>
    private static readonly int[] Lengths = [63, 64, 65, 100, 101, 200, 201, 500, 501, 1_000, 1_001, 2_000, 2_001, 4_000, 4_001, 100_000, 1_000_001];

    public static readonly string[] Json =
    [
        // types
        "null", "true", "false", "0", "42", "-1", "1.5", "\"x\"", "\"\"", "[]", "{}", "[1,2,3]", "{\"a\":\"b\"}", "[null]", "{\"\":null}",
        // numbers at and past the limits
        "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "1e308", "1e309", "-1e309", "1e-400", "-0.0", "0.1e1", "123456789012345678901234567890",
        // unicode
        "\"a\\u0000b\"", "\"\\u0000\"", "\"\\ud800\"", "\"x\\udc00y\"", "\"\\udbff\\udbff\"", "\"\\ud83d\"", "\"\\u202eevil\\u202c\"",
        "\"\u202Eevil\"", "\"😀👩‍👩‍👧‍👦\"", "\"e\\u0301\"", "\"\\ufeff\"", "\"\\uffff\"", "\"\\u200b\"", "\"ada\\n\"", "\"ada\\r\\n\"", "\"\\t\"",
        "\" \"", "\"'; drop table mt_events; --\"", "\"../../etc/passwd\"", "\"%00\"", "\"${jndi:x}\"", "\"<script>\"",
        "\"2026-13-45T99:99:99Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59+14:00\"", "\"-1\"", "\"NaN\"",
        // lengths, emoji-long
        .. Lengths.Select(n => $"\"{new string('a', n)}\""),
        $"\"{string.Concat(Enumerable.Repeat("😀", 10_000))}\"",
        $"\"{string.Concat(Enumerable.Repeat("\\u0000", 1_000))}\"",
        // nesting
        Nested("[", "]", 64), Nested("[", "]", 65), Nested("[", "]", 10_000), Nested("{\"a\":", "}", 200), Nested("{\"a\":", "}", 10_000),
        // huge arrays and objects
        $"[{string.Join(',', Enumerable.Repeat("1", 100_000))}]",
        $"[{string.Join(',', Enumerable.Repeat("\"x\"", 10_001))}]",
        $"{{{string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"\"k{i}\":\"v\""))}}}",
    ];

    /// <summary>Whole bodies: none, not JSON, cut off, the wrong top-level type, nested past any parser's depth.</summary>
    public static readonly string[] Documents =
    [
        "", " ", "null", "[]", "\"x\"", "42", "{", "{\"a\":", "not json", "{}{}", "{\"a\":1,}", "{'a':1}", "\u0000", "\uFEFF{}",
        Nested("[", "]", 100_000), Nested("{\"a\":", "}", 100_000),
        $"[{string.Join(',', Enumerable.Repeat("{}", 100_000))}]",
        $"{{\"x\":\"{new string('a', 1_100_000)}\"}}",
    ];

    /// <summary>Raw (percent-encoded) text for path segments, query values and form fields.</summary>
    public static readonly string[] Url =
    [
        "", "a", "A", "0", "-1", "1.5", "2147483648", "9223372036854775808", "99999999999999999999", "null", "true",
        "ada%0A", "ada%0D%0A", "%00", "a%00b", "%ED%A0%80", "%ED%B0%80", "%C0%80", "%FF", "%F0%9F%98%80", "%E2%80%AE", "%EF%BB%BF",
        "..", "%2E%2E", "a%2Fb", "%2F", "%5C", "%20", "a%20b", "%25", "%", "%ZZ", "a+b", "%3F", "%23", "%26", "'", "%22", "%3Cscript%3E",
        .. Lengths.Where(n => n <= 100_000).Select(n => new string('a', n)),
        string.Concat(Enumerable.Repeat("%F0%9F%98%80", 1_000)),
    ];

    /// <summary>Header values (an HTTP client cannot send NUL or line breaks in a header: those are the server's parser's to refuse).</summary>
    public static readonly string[] Header = ["", " ", "a", "0", "-1", new string('k', 100), new string('k', 101), new string('k', 8_000), "a b", "%00", "\"\""];

    private static string Nested(string open, string close, int depth)
    {
        var text = new StringBuilder((open.Length + close.Length) * depth + 1);
        text.Insert(0, open, depth).Append('1');
        for (var i = 0; i < depth; i++)
            text.Append(close);
        return text.ToString();
    }
}
