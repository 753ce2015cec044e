namespace EDRS.Actors.Workflows.Commands;

/// <summary>Run a failed instance again from one step: it and everything downstream of it.</summary>
public sealed record RetryFromStep(string StepId) : WorkflowCommand;
