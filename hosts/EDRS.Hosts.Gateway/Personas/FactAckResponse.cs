namespace EDRS.Hosts.Gateway.Personas;

/// <summary>The answer to remembering or revising a fact.</summary>
public sealed record FactAckResponse(string PersonaId, string PersonId, long FactId, long Version, long? SupersededFactId);
