namespace EDRS.Actors.Workflows.Events;

/// <summary>The instance started with its own copy of the template version. Stored as <c>workflow_started</c>.</summary>
public sealed record WorkflowStarted(string WorkflowId, string Template, long TemplateVersion, string Definition, string Input, DateTimeOffset StartedAt) : WorkflowEvent;
