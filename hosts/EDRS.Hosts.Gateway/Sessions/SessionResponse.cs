namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>A session and its turns, read from its grain (always current).</summary>
/// <param name="Id">The session id.</param>
/// <param name="PersonaId">The persona the person talks to.</param>
/// <param name="PersonId">The person.</param>
/// <param name="OpenedAt">When the session was opened.</param>
/// <param name="Version">The session's stream version: how many events it has.</param>
/// <param name="Turns">Up to <c>limit</c> turns, oldest first.</param>
/// <param name="TurnCount">How many turns the session holds, on every page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record SessionResponse(
    string Id,
    string PersonaId,
    string PersonId,
    DateTimeOffset OpenedAt,
    long Version,
    IReadOnlyList<TurnResponse> Turns,
    int TurnCount,
    string? NextCursor = null);
