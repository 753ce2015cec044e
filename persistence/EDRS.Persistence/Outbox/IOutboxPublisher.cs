namespace EDRS.Persistence.Outbox;

/// <summary>
/// Where outbox messages go (the Pulsar producer in production). Called by one drainer per partition, in sequence
/// order; a message is deleted from the outbox only after this returned, so it may be called again for the same
/// message after a crash (at least once) — implementations make that harmless with the message's partition and
/// sequence (broker-side dedup).
/// </summary>
public interface IOutboxPublisher
{
    /// <summary>Publishes one message; returns once the broker has acknowledged it (throws otherwise).</summary>
    Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken);
}
