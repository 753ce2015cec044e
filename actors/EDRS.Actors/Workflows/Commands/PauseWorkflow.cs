namespace EDRS.Actors.Workflows.Commands;

/// <summary>Pause a running instance.</summary>
public sealed record PauseWorkflow(string Reason) : WorkflowCommand;
