namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>A document as JSON for <c>POST /api/v1/knowledge/collections/{collectionId}/documents</c>.</summary>
/// <param name="DocumentId">The document's id (letters, digits, '.', '_', '-'; at most 64). Absent: derived from `sourceUri`, else from the content, so sending the same document again is a no-op.</param>
/// <param name="Title">At most 500 characters. Absent: the document's own title (HTML title, PDF metadata), else its first heading, else its id.</param>
/// <param name="Text">Required: the document as plain text, Markdown or HTML.</param>
/// <param name="ContentType">`text/plain`, `text/markdown` or `text/html`. Absent: detected from the text.</param>
/// <param name="SourceUri">Where the document comes from (an absolute URI); cited with its chunks.</param>
/// <param name="Tags">At most 20 tags of at most 64 characters; search can be limited to documents with one of them.</param>
public sealed record DocumentBody(string? DocumentId, string? Title, string? Text, string? ContentType, string? SourceUri, IReadOnlyList<string?>? Tags);
