namespace EDRS.Actors.Tasks.Commands;

/// <summary>No persona can take the task now: record why (once; it stays open).</summary>
public sealed record LeaveTaskOpen(string Reason) : TaskCommand;
