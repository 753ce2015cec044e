namespace EDRS.Actors.Workflows.Commands;

/// <summary>What the executor asks about the items of a <c>map</c> or <c>decompose</c> step.</summary>
public abstract record StepItemCommand(string StepId) : WorkflowCommand;
