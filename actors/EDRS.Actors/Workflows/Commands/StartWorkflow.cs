namespace EDRS.Actors.Workflows.Commands;

/// <summary>Start the instance with its copy of a template version and its input (a JSON object).</summary>
public sealed record StartWorkflow(string WorkflowId, string Template, long TemplateVersion, string Definition, string Input) : WorkflowCommand;
