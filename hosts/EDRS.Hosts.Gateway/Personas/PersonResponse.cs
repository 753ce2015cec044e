namespace EDRS.Hosts.Gateway.Personas;

/// <summary>What a persona knows about one person.</summary>
/// <param name="PersonaId">The persona.</param>
/// <param name="PersonId">The person.</param>
/// <param name="Facts">Up to <c>limit</c> facts the persona holds about the person, newest first.</param>
/// <param name="FactCount">How many facts the persona holds about the person, on every page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record PersonResponse(string PersonaId, string PersonId, IReadOnlyList<FactResponse> Facts, int FactCount, string? NextCursor = null);
