namespace EDRS.Actors.Workflows.Commands;

/// <summary>
/// A <c>decompose</c> step's persona answered attempt <paramref name="Attempt"/> with <paramref name="Plan"/> (JSON
/// <c>{"subtasks":[…]}</c>); <paramref name="Jitter"/> draws the retry delay when the plan is refused.
/// </summary>
public sealed record PlanItems(string StepId, int Attempt, string Plan, double Jitter) : StepItemCommand(StepId);
