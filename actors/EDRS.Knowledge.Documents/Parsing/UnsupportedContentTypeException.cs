namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>No parser handles the document's type: <see cref="ContentType"/> names what was given or detected.</summary>
public sealed class UnsupportedContentTypeException : DocumentParseException
{
    public UnsupportedContentTypeException(string contentType, string message)
        : base(message)
    {
        ContentType = contentType;
    }

    /// <summary>The content type that was given, or what the content was recognised as (e.g. <c>application/zip</c>).</summary>
    public string ContentType { get; }
}
