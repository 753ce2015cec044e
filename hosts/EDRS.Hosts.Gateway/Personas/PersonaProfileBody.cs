namespace EDRS.Hosts.Gateway.Personas;

/// <summary>A persona's profile as sent to <c>POST /api/v1/personas</c> and <c>PUT .../profile</c>.</summary>
/// <param name="Id">Only when hiring: the persona id to use (letters, digits, '.', '_', '-'; at most 64). Generated when absent.</param>
public sealed record PersonaProfileBody(
    string? Id,
    string? Name,
    string? Role,
    IReadOnlyList<string?>? Skills,
    IReadOnlyList<string?>? Responsibilities,
    string? Personality);
