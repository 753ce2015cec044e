namespace EDRS.Actors.Tasks.Commands;

/// <summary>The task is done, with its result.</summary>
public sealed record CompleteTask(string Result) : TaskCommand;
