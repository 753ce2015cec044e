namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>The media types the parsers accept, and the mapping between them and <see cref="DocumentFormat"/>.</summary>
public static class DocumentContentTypes
{
    public const string PlainText = "text/plain";
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string Pdf = "application/pdf";

    /// <summary>A type that says nothing about the content: the parser looks at the bytes and the file name instead.</summary>
    public const string OctetStream = "application/octet-stream";

    /// <summary>Every supported type, for error messages and API descriptions.</summary>
    public static IReadOnlyList<string> Supported { get; } = [PlainText, Markdown, Html, Pdf];

    /// <summary>The canonical media type of a format.</summary>
    public static string Of(DocumentFormat format) => format switch
    {
        DocumentFormat.PlainText => PlainText,
        DocumentFormat.Markdown => Markdown,
        DocumentFormat.Html => Html,
        DocumentFormat.Pdf => Pdf,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a document format."),
    };

    /// <summary>
    /// The format a media type names (parameters such as <c>; charset=utf-8</c> ignored, case-insensitive, common aliases
    /// such as <c>text/x-markdown</c> and <c>application/xhtml+xml</c> accepted). False for types that carry no
    /// information (empty, <c>application/octet-stream</c>) and for types no parser handles; <paramref name="isUnknown"/>
    /// tells the two apart.
    /// </summary>
    public static bool TryGetFormat(string? contentType, out DocumentFormat format, out bool isUnknown)
    {
        format = default;
        var mediaType = MediaType(contentType);
        isUnknown = mediaType.Length == 0 || mediaType is OctetStream or "binary/octet-stream" or "application/unknown";
        if (isUnknown)
            return false;
        DocumentFormat? found = mediaType switch
        {
            PlainText => DocumentFormat.PlainText,
            Markdown or "text/x-markdown" or "text/md" => DocumentFormat.Markdown,
            Html or "application/xhtml+xml" => DocumentFormat.Html,
            Pdf or "application/x-pdf" => DocumentFormat.Pdf,
            _ => null,
        };
        format = found.GetValueOrDefault();
        return found is not null;
    }

    /// <summary>The <c>charset</c> parameter of a media type, if it has one (<c>text/plain; charset="latin1"</c> → <c>latin1</c>).</summary>
    public static string? Charset(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return null;
        foreach (var parameter in contentType.Split(';').Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
                continue;
            if (!parameter.AsSpan(0, equals).Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
                continue;
            var value = parameter[(equals + 1)..].Trim().Trim('"', '\'').Trim();
            return value.Length == 0 ? null : value;
        }
        return null;
    }

    /// <summary>The lowercased <c>type/subtype</c> without parameters; empty when there is none.</summary>
    internal static string MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return string.Empty;
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return mediaType.ToLowerInvariant();
    }
}
