namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>Who opens a session with the persona.</summary>
/// <param name="PersonId">The person who talks (letters, digits, '.', '_', '-'; at most 64): what the persona knows about them shapes its replies.</param>
public sealed record OpenSessionBody(string? PersonId);
