using EDRS.Grains.Contracts.Events;

namespace EDRS.Actors.Inbound.Ingestion;

/// <summary>
/// A feature's reaction to inbound events of some types beyond routing them to a persona (e.g. <c>knowledge.*</c> events
/// re-ingest a source). <see cref="EventIngestor"/> awaits every reaction that handles an event before the event is
/// routed, so what the event asks is recorded durably before the event is acknowledged.
/// </summary>
public interface IInboundEventReaction
{
    /// <summary>True when this reaction wants events of <paramref name="eventType"/> (called for every event: keep it cheap).</summary>
    bool Handles(string eventType);

    /// <summary>
    /// Records what <paramref name="e"/> (valid, normalized: it has its id) of <paramref name="tenant"/> asks, idempotently per
    /// event id. An event that asks for nothing this reaction can do is ignored here (it is still routed); throwing fails
    /// the event's publish as retryable.
    /// </summary>
    Task ReactAsync(string tenant, BaseEvent e, CancellationToken cancellationToken);
}
