namespace EDRS.Persistence.Knowledge;

/// <summary>
/// One source of a collection that an event asked to re-ingest, as <see cref="SourceRefreshStore"/> keeps it: what was
/// asked (<see cref="DocumentId"/>, <see cref="Title"/>, <see cref="Tags"/> may be null: the document's own), where the
/// work stands (<see cref="SourceRefreshStatuses"/>) and how it ended. <see cref="Token"/> identifies this request: a newer
/// request for the same source replaces it, and work on the older one can then no longer finish it.
/// </summary>
public sealed record SourceRefresh(
    string Tenant,
    string CollectionId,
    string SourceUri,
    string? DocumentId,
    string? Title,
    IReadOnlyList<string>? Tags,
    string EventId,
    string Status,
    string? Outcome,
    long? DocumentVersion,
    int Attempts,
    string? LastError,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    Guid Token);
