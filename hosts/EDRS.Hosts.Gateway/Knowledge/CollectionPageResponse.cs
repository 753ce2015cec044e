namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>One page of the tenant's knowledge collections, by id.</summary>
/// <param name="Items">Up to <c>limit</c> collections.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record CollectionPageResponse(IReadOnlyList<CollectionResponse> Items, string? NextCursor);
