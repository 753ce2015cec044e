namespace EDRS.Actors.Workflows.Commands;

/// <summary>Start the next attempt of a step's compensation (its turn came, or its retry is due).</summary>
public sealed record BeginCompensation(string StepId) : CompensationCommand;
