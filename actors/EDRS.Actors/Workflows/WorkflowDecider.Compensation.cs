using System.Text.Json.Nodes;
using EDRS.Actors.Workflows.Commands;
using EDRS.Actors.Workflows.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Workflows;

/// <summary>
/// The saga rules: a workflow that fails for good or is cancelled, and has succeeded steps that carry a <c>compensate</c>,
/// does not end at once. It is <c>compensating</c>: those compensations run one at a time, in the reverse order of their
/// steps' completion, each retried by its own policy; one that fails for good is recorded and the next still runs. Then the
/// workflow ends failed (or cancelled), its error naming the compensations that failed. A workflow with nothing to undo ends as before.
/// </summary>
public static partial class WorkflowDecider
{
    /// <summary>The end of a run that failed or was cancelled for <paramref name="reason"/>: compensating first when it has steps to undo.</summary>
    private static WorkflowEvent FailOrCompensate(WorkflowState state, string reason, WorkflowStatus endsAs, DateTimeOffset now)
    {
        // Reverse completion order; a dependent step always finished after what it depends on, and ties go by template order.
        var order = state.Parsed.Steps.Select((step, index) => (step, index))
            .Where(s => s.step.Compensate is not null && state.Steps[s.step.Id].Status == StepStatus.Succeeded)
            .OrderByDescending(s => state.Steps[s.step.Id].FinishedAt).ThenByDescending(s => s.index)
            .Select(s => s.step.Id).ToList();
        if (order.Count > 0)
            return new WorkflowCompensating(reason, Describe(endsAs), order, now);
        return endsAs == WorkflowStatus.Cancelled ? new WorkflowCancelled(reason, now) : new WorkflowFailed(reason, now);
    }

    /// <summary>Refused while the run undoes its steps: the compensations run to the end, whatever is asked.</summary>
    private static void RefuseWhileCompensating(WorkflowState state, string what)
    {
        if (state.Undoing is not null && state.Status is WorkflowStatus.Compensating or WorkflowStatus.Paused)
            throw Reject.Conflict($"Workflow {state.WorkflowId} is {Describe(state.Status)} while it compensates its steps: the compensations run to the end, so it cannot be {what}.");
    }

    /// <summary>Refused once the run was compensated: its steps were undone, so running some of them again would not make a whole.</summary>
    private static void RefuseWhenCompensated(WorkflowState state)
    {
        if (state.Undoing is { } undoing)
            throw Reject.Conflict($"Workflow {state.WorkflowId} was compensated (steps {string.Join(", ", undoing.Order)} undone): start a new run.");
    }

    private static IReadOnlyList<WorkflowEvent> DecideCompensation(CompensationCommand command, WorkflowState state, DateTimeOffset now) => command switch
    {
        BeginCompensation c => BeginCompensating(c, state, now),
        FinishCompensation c => FinishCompensating(c, state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A workflow does not know this command."),
    };

    private static IReadOnlyList<WorkflowEvent> BeginCompensating(BeginCompensation command, WorkflowState state, DateTimeOffset now)
    {
        if (!state.IsCompensating || CurrentCompensation(state) != command.StepId)
            return []; // not its turn, or over
        var run = state.Steps[command.StepId].Compensation!;
        return run.Status == StepStatus.Pending || run.Status == StepStatus.Retrying && run.DueAt <= now
            ? [new CompensationStarted(command.StepId, run.Attempts + 1, now)]
            : [];
    }

    private static IReadOnlyList<WorkflowEvent> FinishCompensating(FinishCompensation command, WorkflowState state, DateTimeOffset now)
    {
        if (state.Undoing is null || state.Status is not (WorkflowStatus.Compensating or WorkflowStatus.Paused)
            || !state.Steps.TryGetValue(command.StepId, out var step) || step.Compensation is not { Status: StepStatus.Running } run || run.Attempts != command.Attempt)
            return []; // a repeat of an attempt whose end is journaled already
        if (command.Succeeded)
            return EndWhenUndone(state, [new CompensationSucceeded(step.StepId, run.Attempts, command.Output.Length == 0 ? "null" : command.Output, now)], now);
        var policy = state.Parsed.Step(step.StepId).Compensate!.RetryPolicy;
        if (command.Retryable && run.Attempts < policy.MaxAttempts)
            return [new CompensationAttemptFailed(step.StepId, run.Attempts, command.Error, now + policy.DelayAfter(run.Attempts, command.Jitter), now)];
        return EndWhenUndone(state, [new CompensationFailed(step.StepId, run.Attempts, command.Error, now)], now);
    }

    /// <summary><paramref name="events"/>, and the run's end once every compensation is over; its error names those that failed.</summary>
    private static IReadOnlyList<WorkflowEvent> EndWhenUndone(WorkflowState state, List<WorkflowEvent> events, DateTimeOffset now)
    {
        var after = events.Aggregate(state, Evolve);
        var undoing = after.Undoing!;
        if (CurrentCompensation(after) is not null)
            return events;
        var failed = undoing.Order.Where(id => after.Steps[id].Compensation!.Status == StepStatus.Failed).ToList();
        var error = failed.Count == 0
            ? undoing.Reason
            : $"{undoing.Reason}; compensation failed for {string.Join("; ", failed.Select(id => $"step {id}: {after.Steps[id].Compensation!.Error}"))}";
        events.Add(undoing.EndsAs == WorkflowStatus.Cancelled ? new WorkflowCancelled(error, now) : new WorkflowFailed(error, now));
        return events;
    }

    /// <summary>The step whose compensation runs now: the first of the order not over; null when none (or the run does not compensate).</summary>
    private static string? CurrentCompensation(WorkflowState state) =>
        state.Undoing?.Order.FirstOrDefault(id => state.Steps[id].Compensation is not { IsOver: true });

    private static NextStep? NextCompensation(WorkflowState state, DateTimeOffset now)
    {
        if (CurrentCompensation(state) is not { } id)
            return null;
        var run = state.Steps[id].Compensation!;
        return run.Status switch
        {
            StepStatus.Pending => new NextStep(id, StepActionKind.BeginCompensation),
            StepStatus.Retrying when run.DueAt <= now => new NextStep(id, StepActionKind.BeginCompensation),
            StepStatus.Running => new NextStep(id, StepActionKind.Compensate),
            _ => null,
        };
    }

    private static DateTimeOffset? NextCompensationDue(WorkflowState state) =>
        CurrentCompensation(state) is { } id ? state.Steps[id].Compensation!.DueAt : null;

    /// <summary>What a compensation's JSON paths read: <see cref="Context"/> and <c>error</c>, why the workflow is undone.</summary>
    public static JsonNode CompensationContext(WorkflowState state)
    {
        var context = Context(state);
        context["error"] = state.Undoing?.Reason ?? state.Error;
        return context;
    }

    private static WorkflowState EvolveCompensation(WorkflowState state, CompensationEvent @event) => @event switch
    {
        WorkflowCompensating e => StartCompensating(state, e),
        CompensationStarted e => Compensation(state, e.StepId, c => c with { Status = StepStatus.Running, Attempts = e.Attempt, StartedAt = c.StartedAt ?? e.At, DueAt = null, Error = "" }),
        CompensationAttemptFailed e => Compensation(state, e.StepId, c => c with { Status = StepStatus.Retrying, Error = e.Error, DueAt = e.RetryAt }),
        CompensationSucceeded e => Compensation(state, e.StepId, c => c with { Status = StepStatus.Succeeded, Output = e.Output, FinishedAt = e.At, DueAt = null }),
        CompensationFailed e => Compensation(state, e.StepId, c => c with { Status = StepStatus.Failed, Error = e.Error, FinishedAt = e.At, DueAt = null }),
        _ => throw new InvalidOperationException($"A workflow does not know the event {@event.GetType().Name}."),
    };

    private static WorkflowState StartCompensating(WorkflowState state, WorkflowCompensating e)
    {
        var endsAs = e.EndsAs == Describe(WorkflowStatus.Cancelled) ? WorkflowStatus.Cancelled : WorkflowStatus.Failed;
        var before = endsAs == WorkflowStatus.Cancelled ? CancelInFlight(state) : state;
        return before with
        {
            Status = WorkflowStatus.Compensating, Error = e.Reason, Undoing = new WorkflowCompensation(e.Reason, endsAs, e.Order, e.At),
            Steps = before.Steps.SetItems(e.Order.Select(id => KeyValuePair.Create(id, before.Steps[id] with { Compensation = CompensationRun.Pending }))),
        };
    }

    /// <summary>The steps that had not ended, cancelled: a cancelled run starts nothing more.</summary>
    private static WorkflowState CancelInFlight(WorkflowState state) => state with
    {
        Steps = state.Steps.SetItems(state.Steps.Values.Where(s => s.Status is StepStatus.Pending or StepStatus.Running or StepStatus.Retrying)
            .Select(s => KeyValuePair.Create(s.StepId, s with { Status = StepStatus.Cancelled, DueAt = null }))),
    };

    private static WorkflowState Compensation(WorkflowState state, string stepId, Func<CompensationRun, CompensationRun> change) =>
        Step(state, stepId, r => r with { Compensation = change(r.Compensation ?? CompensationRun.Pending) });
}
