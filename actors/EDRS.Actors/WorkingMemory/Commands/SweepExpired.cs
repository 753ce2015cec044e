namespace EDRS.Actors.WorkingMemory.Commands;

/// <summary>Journal the expiry of every item whose time is up.</summary>
public sealed record SweepExpired : WorkingMemoryCommand;
