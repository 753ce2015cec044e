namespace EDRS.Actors.Workflows;

/// <summary>
/// A step of an instance as its journal tells it: status, attempts so far, when the current attempt started, its due time
/// (a timer, a retry, or an attempt's deadline), and its output or last error.
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
    string Error)
{
    public static StepRun Pending(string stepId, string kind) => new(stepId, kind, StepStatus.Pending, 0, null, null, null, "", "");
}
