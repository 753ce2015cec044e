namespace EDRS.Actors.Workflows.Events;

/// <summary>An attempt of an item of a fan-out step started; <paramref name="DueAt"/> is its deadline, if any. Stored as <c>workflow_item_started</c>.</summary>
public sealed record ItemStarted(string StepId, int Index, int Attempt, DateTimeOffset StartedAt, DateTimeOffset? DueAt) : StepItemEvent(StepId);
