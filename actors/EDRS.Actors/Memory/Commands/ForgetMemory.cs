namespace EDRS.Actors.Memory.Commands;

/// <summary>Delete a memory.</summary>
public sealed record ForgetMemory(long Id, string Reason) : MemoryCommand;
