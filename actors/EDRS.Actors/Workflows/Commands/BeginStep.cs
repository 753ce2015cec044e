namespace EDRS.Actors.Workflows.Commands;

/// <summary>Start the next attempt of a step whose dependencies succeeded (or whose retry is due).</summary>
public sealed record BeginStep(string StepId) : WorkflowCommand;
