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
}
