namespace EDRS.Hosts.Gateway.Personas;

/// <summary>One page of the persona directory, by persona id.</summary>
/// <param name="Items">Up to <c>limit</c> personas.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record PersonaPageResponse(IReadOnlyList<PersonaSummaryResponse> Items, string? NextCursor);
