namespace EDRS.Actors.Memory.Commands;

/// <summary>
/// Drop the episodes older than <paramref name="Retention"/> (zero: keep everything), except those of importance
/// <paramref name="KeepFromImportance"/> or more.
/// </summary>
public sealed record ExpireMemories(TimeSpan Retention, int KeepFromImportance) : MemoryCommand;
