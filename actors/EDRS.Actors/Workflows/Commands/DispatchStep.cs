namespace EDRS.Actors.Workflows.Commands;

/// <summary>The attempt's work was handed to task <paramref name="TaskId"/>; the step waits for its outcome.</summary>
public sealed record DispatchStep(string StepId, int Attempt, string TaskId) : WorkflowCommand;
