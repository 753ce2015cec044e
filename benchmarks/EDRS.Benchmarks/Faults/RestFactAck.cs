namespace EDRS.Benchmarks.Faults;

/// <summary>The gateway's JSON acknowledgement of a remembered fact (the fields the audit needs).</summary>
internal sealed record RestFactAck(string PersonaId, string PersonId, long FactId, long Version);
