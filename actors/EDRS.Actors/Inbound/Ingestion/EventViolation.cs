namespace EDRS.Actors.Inbound.Ingestion;

/// <summary>Why an event is refused: the field (as named in the contract, camelCase) and what is wrong with it.</summary>
public sealed record EventViolation(string Field, string Description);
