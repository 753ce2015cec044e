namespace EDRS.Actors.Inbound.History.Events;

/// <summary>
/// What an inbound event's own stream (<c>event/{tenant}/{eventId}</c>) records: it was received, then each routing
/// decision. The router partition writes these straight to the journal. Closed to this assembly.
/// </summary>
public abstract record InboundEventRecord
{
    private protected InboundEventRecord()
    {
    }
}
