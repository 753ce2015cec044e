namespace EDRS.Actors.Workflows;

/// <summary>
/// A step of an instance as its journal tells it: status, attempts so far, when the current attempt started, its due time
/// (a timer, a retry, or an attempt's deadline), its output or last error, the task its attempt waits for (<see cref="Dispatched"/>),
/// the attempts made before the instance was last retried from a step (<see cref="AttemptsBefore"/>), its compensation
/// once the instance undoes it (<see cref="Compensation"/>), and the tools a <c>persona</c> step's model called (every attempt's).
/// </summary>
public sealed record StepRun(
    string StepId,
    string Kind,
    StepStatus Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? DueAt,
    string Output,
    string Error,
    string Dispatched = "",
    int AttemptsBefore = 0,
    CompensationRun? Compensation = null,
    IReadOnlyList<StepToolCall>? ToolCalls = null)
{
    public static StepRun Pending(string stepId, string kind) => new(stepId, kind, StepStatus.Pending, 0, null, null, null, "", "");

    /// <summary>A <c>map</c> or <c>decompose</c> step's items once its list is journaled (<see cref="Events.StepItemsPlanned"/>); null before.</summary>
    public System.Collections.Immutable.ImmutableList<ItemRun>? Items { get; init; }

    /// <summary>The most attempts an item of the step made before the instance was last retried from a step: item attempts count on from there.</summary>
    public int ItemAttemptsBefore { get; init; }

    /// <summary>Attempts of the current run of the step (a retry-from-step starts a new run; its attempts keep counting up).</summary>
    public int AttemptsThisRun => Attempts - AttemptsBefore;
}
