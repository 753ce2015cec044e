namespace EDRS.Hosts.Gateway.Personas;

/// <summary>The answer to remembering or revising a fact.</summary>
/// <param name="PersonaId">The persona that holds the fact.</param>
/// <param name="PersonId">The person the fact is about.</param>
/// <param name="FactId">The fact's id, unique within the persona.</param>
/// <param name="Version">The persona's stream version after the command.</param>
/// <param name="SupersededFactId">The older fact of the same kind and subject that this one replaced, if any.</param>
public sealed record FactAckResponse(string PersonaId, string PersonId, long FactId, long Version, long? SupersededFactId);
