namespace EDRS.Actors.Inbound;

/// <summary>The bounds an incoming event is validated against.</summary>
public static class EventLimits
{
    public const int MaxPayloadBytes = 1_000_000;
    public const int MaxSourceLength = 200;
    public const int MaxEventTypeLength = 100;
    public const int MaxMetadataEntries = 64;
    public const int MaxMetadataKeyLength = 100;
    public const int MaxMetadataValueLength = 1_000;

    /// <summary>
    /// Payload bytes the ingestor puts into one router call (at least one event): a call crosses members as one
    /// Proto.Remote message, which must stay well under its size limit.
    /// </summary>
    public const int MaxBatchPayloadBytes = 2_000_000;

    /// <summary>Events in one batch request.</summary>
    public const int MaxBatch = 500;

    /// <summary>Events in one <c>PublishStream</c> call; more end the call with RESOURCE_EXHAUSTED (start another stream).</summary>
    public const int MaxStreamEvents = 10_000;

    /// <summary>
    /// Events of one <c>PublishStream</c> call being ingested at once: the gateway reads the next event only when one of
    /// these is done, so a fast client waits (HTTP/2 flow control) instead of filling the gateway's memory.
    /// </summary>
    public const int MaxStreamInFlight = 256;

    /// <summary>Payload bytes of one <c>PublishStream</c> call being ingested at once (at least one event); see <see cref="MaxStreamInFlight"/>.</summary>
    public const int MaxStreamInFlightBytes = 8_000_000;

    /// <summary>Events waiting in one ingestion lane (tenant and router partition); an edge adding more waits for room.</summary>
    public const int LaneCapacity = 1_024;
}
