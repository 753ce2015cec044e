namespace EDRS.Actors.Tasks.Commands;

/// <summary>The task failed, with why.</summary>
public sealed record FailTask(string Reason) : TaskCommand;
