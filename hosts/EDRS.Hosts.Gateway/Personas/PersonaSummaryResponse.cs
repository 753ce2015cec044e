namespace EDRS.Hosts.Gateway.Personas;

/// <summary>A persona as the directory lists it.</summary>
/// <param name="Id">The persona id.</param>
/// <param name="Name">The persona's name.</param>
/// <param name="Role">The persona's role.</param>
/// <param name="Skills">The persona's skills.</param>
/// <param name="HiredAt">When the persona was hired.</param>
/// <param name="UpdatedAt">When its profile last changed.</param>
public sealed record PersonaSummaryResponse(
    string Id,
    string Name,
    string Role,
    IReadOnlyList<string> Skills,
    DateTimeOffset HiredAt,
    DateTimeOffset UpdatedAt);
