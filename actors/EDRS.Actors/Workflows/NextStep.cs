namespace EDRS.Actors.Workflows;

/// <summary>The step an executor acts on next, and how.</summary>
public sealed record NextStep(string StepId, StepActionKind Action);
