namespace EDRS.Hosts.Gateway.Personas;

/// <summary>A persona's profile as sent to <c>POST /api/v1/personas</c> and <c>PUT .../profile</c>.</summary>
/// <param name="Id">Only when hiring: the persona id to use (letters, digits, '.', '_', '-'; at most 64). Generated when absent.</param>
/// <param name="Name">Required, at most 100 characters.</param>
/// <param name="Role">At most 100 characters.</param>
/// <param name="Skills">1 to 50 distinct skills, each at most 100 characters.</param>
/// <param name="Responsibilities">At most 50, each at most 500 characters.</param>
/// <param name="Personality">How the persona comes across, at most 2,000 characters.</param>
/// <param name="Knowledge">Knowledge collections of the tenant the persona may read and cite in its answers; at most 20.</param>
/// <param name="Tools">Tools of the tenant (registered or built-in names) the persona's chat model may call in sessions and persona steps; at most 20.</param>
/// <param name="Handles">Event types the persona takes work for, as patterns (<c>support.*</c>, <c>billing.invoice_*</c>); at most 50.</param>
public sealed record PersonaProfileBody(
    string? Id,
    string? Name,
    string? Role,
    IReadOnlyList<string?>? Skills,
    IReadOnlyList<string?>? Responsibilities,
    string? Personality,
    IReadOnlyList<string?>? Handles = null,
    IReadOnlyList<string?>? Knowledge = null,
    IReadOnlyList<string?>? Tools = null);
