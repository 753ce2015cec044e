namespace EDRS.Actors.WorkingMemory.Commands;

/// <summary>Drop a held item.</summary>
public sealed record ForgetItem(long ItemId) : WorkingMemoryCommand;
