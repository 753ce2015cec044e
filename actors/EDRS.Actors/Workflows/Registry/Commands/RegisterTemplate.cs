namespace EDRS.Actors.Workflows.Registry.Commands;

/// <summary>Register a template, or the next version of the one of that name.</summary>
public sealed record RegisterTemplate(string Name, string Definition) : WorkflowRegistryCommand;
