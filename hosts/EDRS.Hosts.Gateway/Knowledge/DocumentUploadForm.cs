namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>A document as a <c>multipart/form-data</c> upload (what the parts mean; the API reads the form itself).</summary>
/// <param name="File">Required: the document (plain text, Markdown, HTML or PDF), at most `Knowledge__MaxDocumentBytes` (20 MiB by default).</param>
/// <param name="Title">At most 500 characters. Absent: the document's own title, else its first heading, else the file name.</param>
/// <param name="DocumentId">The document's id. Absent: derived from `sourceUri`, else from the content.</param>
/// <param name="SourceUri">Where the document comes from (an absolute URI).</param>
/// <param name="ContentType">The document's type when the file part's own type does not say it; detected from the content and file name otherwise.</param>
/// <param name="Tags">Tags, comma-separated or one part each.</param>
public sealed record DocumentUploadForm(IFormFile File, string? Title, string? DocumentId, string? SourceUri, string? ContentType, string? Tags);
