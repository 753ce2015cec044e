namespace EDRS.Actors.Workflows;

/// <summary>
/// One item of a <c>map</c> step (one subtask of a <c>decompose</c> step) as the journal tells it: its input (the list
/// element, JSON), status, attempts (counting on across retries from a step: <see cref="AttemptsBefore"/>), the task its
/// attempt waits for, its output or last error, and its retry's due time.
/// </summary>
public sealed record ItemRun(
    int Index,
    string Input,
    StepStatus Status,
    int Attempts,
    int AttemptsBefore,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null,
    DateTimeOffset? DueAt = null,
    string Output = "",
    string Error = "",
    string TaskId = "")
{
    public int AttemptsThisRun => Attempts - AttemptsBefore;

    public bool IsOver => Status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Cancelled;
}
