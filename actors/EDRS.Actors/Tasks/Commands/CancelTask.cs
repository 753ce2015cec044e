namespace EDRS.Actors.Tasks.Commands;

/// <summary>The task is not wanted any more.</summary>
public sealed record CancelTask(string Reason) : TaskCommand;
