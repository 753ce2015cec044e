namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>A document of a knowledge collection (its current version).</summary>
/// <param name="DocumentId">The document's id.</param>
/// <param name="Title">The title it is cited by.</param>
/// <param name="SourceUri">Where it comes from, when known.</param>
/// <param name="ContentType">The type it was read as: `text/plain`, `text/markdown`, `text/html` or `application/pdf`.</param>
/// <param name="ContentHash">SHA-256 of its canonical text (64 hex digits): the same content has the same hash.</param>
/// <param name="Version">Its current version.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Chunks">How many chunks it is cut into.</param>
/// <param name="Pages">Pages of a PDF; absent for other types.</param>
/// <param name="CreatedAt">When it was first ingested.</param>
/// <param name="UpdatedAt">When its current version was ingested.</param>
public sealed record DocumentResponse(
    string DocumentId,
    string Title,
    string? SourceUri,
    string ContentType,
    string ContentHash,
    long Version,
    IReadOnlyList<string> Tags,
    int Chunks,
    int? Pages,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
