namespace EDRS.Actors.Memory.Commands;

/// <summary>
/// Remember <paramref name="Text"/>, embedded as <paramref name="Vector"/> by <paramref name="Model"/> (the grain embeds before
/// deciding). <paramref name="Kind"/> / <paramref name="Source"/> null mean the caller named one the domain does not know
/// (refused); <paramref name="Importance"/> 0 and <paramref name="OccurredAt"/> null take the defaults (5, now).
/// <paramref name="Judged"/> is a chat model's verdict on what the memory updates, when one was asked; null: the rules decide.
/// </summary>
public sealed record RecordMemory(
    string Text,
    string PersonId,
    EntryKind? Kind,
    int Importance,
    DateTimeOffset? OccurredAt,
    EntrySource? Source,
    string Origin,
    float[] Vector,
    string Model,
    JudgedUpdate? Judged = null) : MemoryCommand;
