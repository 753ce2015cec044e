namespace EDRS.Actors.Memory.Events;

/// <summary>
/// The persona remembers something. <paramref name="Vector"/> is the text's embedding by <paramref name="Model"/> in half
/// precision (little-endian IEEE 754 binary16, 768 bytes for 384 dimensions): carried in the event so that no replay ever
/// embeds again. <paramref name="Supersedes"/> are the older memories it updates; <paramref name="SupersededBy"/> the newer
/// ones that already update it (an import of the past). <paramref name="Origin"/> names what it mirrors ("fact:12"; "" for
/// none). Stored as <c>memory_recorded</c>.
/// </summary>
public sealed record MemoryRecorded(
    long Id,
    string Text,
    string PersonId,
    EntryKind Kind,
    int Importance,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    EntrySource Source,
    string Origin,
    byte[] Vector,
    string Model,
    long[] Supersedes,
    long[] SupersededBy) : MemoryEvent;
