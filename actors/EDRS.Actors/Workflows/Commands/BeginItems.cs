namespace EDRS.Actors.Workflows.Commands;

/// <summary>Start the next attempt of every item of a fan-out step that is ready (pending, or its retry due), as places allow.</summary>
public sealed record BeginItems(string StepId) : StepItemCommand(StepId);
