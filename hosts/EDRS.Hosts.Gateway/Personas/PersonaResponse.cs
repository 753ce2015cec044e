namespace EDRS.Hosts.Gateway.Personas;

/// <summary>A persona as the REST API shows it, read from its grain (always current).</summary>
/// <param name="Id">The persona id.</param>
/// <param name="Name">The persona's name.</param>
/// <param name="Role">The persona's role.</param>
/// <param name="Skills">The persona's skills.</param>
/// <param name="Responsibilities">The persona's responsibilities.</param>
/// <param name="Personality">How the persona comes across.</param>
/// <param name="Version">The persona's stream version: how many events it has.</param>
/// <param name="HiredAt">When the persona was hired.</param>
/// <param name="UpdatedAt">When its profile last changed.</param>
/// <param name="PeopleKnown">How many people the persona holds facts about.</param>
/// <param name="Handles">The event-type patterns the persona takes work for.</param>
/// <param name="Knowledge">The knowledge collections the persona reads and cites.</param>
/// <param name="Tools">The tools the persona's chat model may call.</param>
public sealed record PersonaResponse(
    string Id,
    string Name,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Responsibilities,
    string Personality,
    long Version,
    DateTimeOffset HiredAt,
    DateTimeOffset UpdatedAt,
    int PeopleKnown,
    IReadOnlyList<string>? Handles = null,
    IReadOnlyList<string>? Knowledge = null,
    IReadOnlyList<string>? Tools = null);
