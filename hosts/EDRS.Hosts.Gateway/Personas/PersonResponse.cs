namespace EDRS.Hosts.Gateway.Personas;

/// <summary>What a persona knows about one person, newest fact first.</summary>
public sealed record PersonResponse(string PersonaId, string PersonId, IReadOnlyList<FactResponse> Facts);
