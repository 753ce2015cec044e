namespace EDRS.Actors.Knowledge.Ingestion;

/// <summary>
/// A document an edge hands to <see cref="DocumentIngestor"/>: its <see cref="Text"/> (plain, Markdown or HTML) or its
/// <see cref="Content"/> bytes (any supported type, PDF included), and what the sender said about it. Every field but
/// one of text and content is optional.
/// </summary>
public sealed record DocumentSubmission
{
    /// <summary>The document's id; null: derived from <see cref="SourceUri"/>, else from the content.</summary>
    public string? DocumentId { get; init; }

    /// <summary>null: the document's own title, else its first heading, else the file name, else its id.</summary>
    public string? Title { get; init; }

    public string? Text { get; init; }

    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>The media type; null: detected from the content and <see cref="FileName"/>.</summary>
    public string? ContentType { get; init; }

    public string? SourceUri { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? FileName { get; init; }
}
