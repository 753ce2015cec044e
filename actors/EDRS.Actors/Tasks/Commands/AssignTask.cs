namespace EDRS.Actors.Tasks.Commands;

/// <summary>Give the task to <paramref name="Owner"/> (chosen by the grain, or named by the caller), saying why.</summary>
public sealed record AssignTask(string Owner, string Reason) : TaskCommand;
