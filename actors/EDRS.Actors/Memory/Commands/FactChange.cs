namespace EDRS.Actors.Memory.Commands;

/// <summary>
/// One change to the persona's facts, read from its journal: a fact remembered (possibly replacing
/// <paramref name="SupersededFactId"/>), revised or retracted, or a person forgotten. <paramref name="Vector"/> embeds
/// <paramref name="Text"/> (remembered and revised facts), <paramref name="Model"/> names the model.
/// </summary>
public sealed record FactChange(
    FactChangeType Type,
    long FactId,
    string PersonId,
    EntryKind Kind,
    string Text,
    DateTimeOffset At,
    long SupersededFactId,
    float[] Vector,
    string Model);
