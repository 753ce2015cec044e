namespace EDRS.Persistence.Idempotency;

/// <summary>What an Idempotency-Key is bound to.</summary>
/// <param name="Fingerprint">The request the key names.</param>
/// <param name="AssignedId">The id the edge assigned for that request (an event's id), if any.</param>
/// <param name="IsNew">True when this claim bound the key (a first use, or the old binding had expired).</param>
public sealed record IdempotencyKeyRecord(string Fingerprint, string? AssignedId, bool IsNew);
