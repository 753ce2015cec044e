namespace EDRS.Actors.Workflows.Registry.Events;

/// <summary>A template version was registered. Stored as <c>workflow_template_registered</c>.</summary>
public sealed record TemplateRegistered(TemplateVersion Template) : WorkflowRegistryEvent;
