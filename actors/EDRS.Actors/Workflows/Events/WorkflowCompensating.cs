namespace EDRS.Actors.Workflows.Events;

/// <summary>
/// The workflow failed for good or was cancelled (<paramref name="Reason"/>) and undoes its succeeded steps first: the
/// compensations of <paramref name="Order"/> run one at a time in that order (the reverse of the steps' completion); then it
/// ends <paramref name="EndsAs"/> (<c>failed</c> or <c>cancelled</c>). Stored as <c>workflow_compensating</c>.
/// </summary>
public sealed record WorkflowCompensating(string Reason, string EndsAs, IReadOnlyList<string> Order, DateTimeOffset At) : CompensationEvent;
