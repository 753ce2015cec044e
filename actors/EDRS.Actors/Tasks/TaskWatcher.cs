namespace EDRS.Actors.Tasks;

/// <summary>A workflow step waiting for a task's outcome: told when the task is done, failed or cancelled.</summary>
public sealed record TaskWatcher(string WorkflowId, string StepId);
