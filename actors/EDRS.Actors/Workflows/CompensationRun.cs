namespace EDRS.Actors.Workflows;

/// <summary>
/// A step's compensation as the journal tells it: pending (its turn has not come), running, retrying (at <see cref="DueAt"/>),
/// succeeded or failed; its attempts, timings, output or last error.
/// </summary>
public sealed record CompensationRun(
    StepStatus Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? DueAt,
    string Output,
    string Error)
{
    public static readonly CompensationRun Pending = new(StepStatus.Pending, 0, null, null, null, "", "");

    /// <summary>Succeeded or failed for good: nothing more happens to it.</summary>
    public bool IsOver => Status is StepStatus.Succeeded or StepStatus.Failed;
}
