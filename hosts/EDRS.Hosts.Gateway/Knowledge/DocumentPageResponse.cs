namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>One page of a collection's documents, by id.</summary>
/// <param name="Items">Up to <c>limit</c> documents.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record DocumentPageResponse(IReadOnlyList<DocumentResponse> Items, string? NextCursor);
