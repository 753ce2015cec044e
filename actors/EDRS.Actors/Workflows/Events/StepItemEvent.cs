namespace EDRS.Actors.Workflows.Events;

/// <summary>What happens to the items of a <c>map</c> or <c>decompose</c> step (<see cref="WorkflowDecider"/> evolves them in one place).</summary>
public abstract record StepItemEvent(string StepId) : WorkflowEvent;
