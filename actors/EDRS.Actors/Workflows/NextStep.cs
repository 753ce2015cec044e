namespace EDRS.Actors.Workflows;

/// <summary>The step an executor acts on next, and how; <paramref name="Index"/> is the item of a fan-out step it acts on (-1: the step itself; for a Begin or Run of items, the first such item).</summary>
public sealed record NextStep(string StepId, StepActionKind Action, int Index = -1);
