namespace EDRS.Knowledge.Documents.Parsing;

/// <summary>
/// The content cannot be turned into text: a PDF that cannot be read (damaged, encrypted), a charset that is not known,
/// or (<see cref="UnsupportedContentTypeException"/>) a type no parser handles. The message is meant for the user who
/// sent the document.
/// </summary>
public class DocumentParseException : Exception
{
    public DocumentParseException(string message)
        : base(message)
    {
    }

    public DocumentParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
