namespace EDRS.Actors.Workflows;

/// <summary>
/// A workflow undoing its steps: why (<see cref="Reason"/>), the status it ends in (failed or cancelled), and the steps whose
/// compensations run, in their order (the reverse of the steps' completion). Kept after the end, so the run shows it was compensated.
/// </summary>
public sealed record WorkflowCompensation(string Reason, WorkflowStatus EndsAs, IReadOnlyList<string> Order, DateTimeOffset At);
