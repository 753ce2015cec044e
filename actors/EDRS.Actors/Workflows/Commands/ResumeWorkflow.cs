namespace EDRS.Actors.Workflows.Commands;

/// <summary>Resume a paused instance.</summary>
public sealed record ResumeWorkflow : WorkflowCommand;
