namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>One page of the sources events asked a collection to re-ingest, by URI.</summary>
/// <param name="Items">Up to <c>limit</c> sources.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record SourceRefreshPageResponse(IReadOnlyList<SourceRefreshResponse> Items, string? NextCursor);
