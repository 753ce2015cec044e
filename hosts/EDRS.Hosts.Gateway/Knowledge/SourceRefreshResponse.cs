namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>A source an inbound <c>knowledge.*</c> event asked to re-ingest, and how that went.</summary>
/// <param name="SourceUri">The source (admitted by the collection's <c>allowedSources</c>).</param>
/// <param name="Status"><c>pending</c> (waiting or being retried), <c>done</c>, <c>refused</c> (the collection no longer admits it) or <c>failed</c>.</param>
/// <param name="Outcome">When done: <c>added</c>, <c>updated</c> or <c>unchanged</c> (same content as the current version).</param>
/// <param name="DocumentId">The document the source became (the event's <c>documentId</c>, else derived from the URI).</param>
/// <param name="Version">The document's version after the re-ingest, when done.</param>
/// <param name="Attempts">Fetch attempts so far for the latest request.</param>
/// <param name="LastError">Why the last attempt failed (e.g. <c>the source answered 404</c>).</param>
/// <param name="EventId">The latest event that asked for it (later events about the same source replace earlier ones).</param>
/// <param name="RequestedAt">When that event was accepted.</param>
/// <param name="FinishedAt">When the request ended (done, refused or failed).</param>
public sealed record SourceRefreshResponse(
    string SourceUri,
    string Status,
    string? Outcome,
    string? DocumentId,
    long? Version,
    int Attempts,
    string? LastError,
    string EventId,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt);
