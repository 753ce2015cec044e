namespace EDRS.Actors.Workflows.Events;

/// <summary>
/// The list a fan-out step runs, fixed for the step's run: a <c>map</c> step's list, a <c>decompose</c> step's subtasks (listed
/// or planned by its persona — journaled so a crash after planning never plans again). <paramref name="Items"/> is a JSON
/// array. Stored as <c>workflow_step_items_planned</c>.
/// </summary>
public sealed record StepItemsPlanned(string StepId, int Attempt, string Items, DateTimeOffset At) : StepItemEvent(StepId);
