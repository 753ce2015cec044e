namespace EDRS.Hosts.Gateway.Personas;

/// <summary>What a persona knows about one person.</summary>
/// <param name="PersonaId">The persona.</param>
/// <param name="PersonId">The person.</param>
/// <param name="Facts">The facts the persona holds about the person, newest first.</param>
public sealed record PersonResponse(string PersonaId, string PersonId, IReadOnlyList<FactResponse> Facts);
