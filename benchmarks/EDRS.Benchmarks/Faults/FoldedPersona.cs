using EDRS.Actors.Personas;

namespace EDRS.Benchmarks.Faults;

/// <summary>A persona's state folded by the harness itself from its journal rows, and the version it is at.</summary>
internal sealed record FoldedPersona(string PersonaId, PersonaState State, long Version);
