namespace EDRS.Actors.WorkingMemory.Commands;

/// <summary>
/// Hold <paramref name="Text"/> for a while. <paramref name="Priority"/> null means the caller named one the domain does
/// not know (refused); <paramref name="TtlSeconds"/> 0 takes the default; <paramref name="About"/> is a person id or empty.
/// </summary>
public sealed record RememberItem(string Text, MemoryPriority? Priority, int TtlSeconds, string About) : WorkingMemoryCommand;
