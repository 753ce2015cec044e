using EDRS.Actors.Inbound;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Personas;
using EDRS.Actors.Sessions;
using EDRS.Actors.WorkingMemory;

namespace EDRS.Actors.Quotas;

/// <summary>
/// The worst-case size of a grain's state at its quotas, as its snapshot's JSON: every string at its longest and every
/// character costing <see cref="BytesPerChar"/> bytes (JSON writes a control character as <c>\u0001</c>). A grain recovers
/// by loading that snapshot and folding the events after it, within <c>Grains__CallTimeout</c>; keeping the state under
/// <see cref="MaxStateBytes"/> keeps recovery well inside the default 5 s (README: Quotas, measured at the limits).
/// The remembered answers a snapshot also carries are bounded apart (<c>Grains__RememberedRequestBytes</c>).
/// </summary>
public static class SnapshotBudget
{
    /// <summary>Most bytes a grain's state may take as JSON at its quotas.</summary>
    public const long MaxStateBytes = 48L << 20;

    /// <summary>Bytes of one character in the worst case: a JSON <c>\uXXXX</c> escape.</summary>
    public const int BytesPerChar = 6;

    /// <summary>Property names, numbers and timestamps of one record: generous.</summary>
    private const int RecordOverhead = 256;

    private const int IdChars = 100;

    public static long Persona(QuotaOptions quotas)
    {
        long profile = Chars(PersonaLimits.MaxNameLength + PersonaLimits.MaxRoleLength + PersonaLimits.MaxPersonalityLength
            + (PersonaLimits.MaxSkills * PersonaLimits.MaxSkillLength) + (PersonaLimits.MaxResponsibilities * PersonaLimits.MaxResponsibilityLength)
            + (PersonaLimits.MaxHandles * EventTypePatterns.MaxLength));
        long fact = Chars(PersonaLimits.MaxSubjectLength + PersonaLimits.MaxFactTextLength + PersonaLimits.MaxSourceLength) + RecordOverhead;
        long person = Chars(IdChars) + RecordOverhead;
        long openWork = Chars(IdChars + EventLimits.MaxEventTypeLength + EventLimits.MaxSourceLength) + RecordOverhead;
        long closedWork = 2 * (Chars(IdChars) + RecordOverhead);
        return profile + (quotas.FactsPerPersona * fact) + (quotas.PeoplePerPersona * person)
            + (quotas.OpenWorkPerPersona * openWork) + (PersonaLimits.RememberedClosedWork * closedWork);
    }

    public static long Session(QuotaOptions quotas) =>
        quotas.TurnsPerSession * (Chars(SessionLimits.MaxMessageLength + SessionLimits.MaxReplyLength + SessionLimits.MaxInterruptionLength + IdChars) + RecordOverhead);

    /// <summary>A router partition when the tenant's queue is split over <paramref name="partitions"/> (1: the whole queue in one).</summary>
    public static long RouterPartition(QuotaOptions quotas, int partitions) =>
        (long)quotas.UnassignedEventsPerPartition(partitions) * (Chars(IdChars + EventLimits.MaxEventTypeLength + EventLimits.MaxSourceLength) + RecordOverhead);

    /// <summary>Working memory: a fixed capacity of fixed-size items.</summary>
    public static long WorkingMemory() => WorkingMemoryLimits.Capacity * (Chars(WorkingMemoryLimits.MaxTextLength + IdChars) + RecordOverhead);

    private static long Chars(long count) => count * BytesPerChar;
}
