namespace EDRS.Actors.Workflows.Commands;

/// <summary>Cancel the instance.</summary>
public sealed record CancelWorkflow(string Reason) : WorkflowCommand;
