namespace EDRS.Actors.Tasks.Commands;

/// <summary>The owner started working on the task.</summary>
public sealed record StartTask : TaskCommand;
