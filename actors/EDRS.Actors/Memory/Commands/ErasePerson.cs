namespace EDRS.Actors.Memory.Commands;

/// <summary>Erase every memory about a person: attributed to them, or naming them by full name or nickname.</summary>
public sealed record ErasePerson(string PersonId) : MemoryCommand;
