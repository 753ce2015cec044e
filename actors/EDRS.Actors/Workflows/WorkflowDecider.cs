using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using EDRS.Actors.Workflows.Commands;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Actors.Workflows.Events;
using EDRS.Grains.Runtime;
using static EDRS.Actors.CommandFields;

namespace EDRS.Actors.Workflows;

/// <summary>
/// A workflow instance's rules, pure: which step runs next (<see cref="Next"/>), what an attempt's end means (success; a
/// retry after exponential backoff with full jitter; failure of the step and the instance), signals, approvals with their
/// role, cancellation. The executor (<see cref="WorkflowInstance"/>) only does what these decide and journals the outcome, so
/// a re-activated instance continues from its journal: a succeeded step is never started again.
/// </summary>
public static partial class WorkflowDecider
{
    public static IReadOnlyList<WorkflowEvent> Decide(WorkflowCommand command, WorkflowState state, DateTimeOffset now) => command switch
    {
        StartWorkflow c => Start(c, state, now),
        BeginStep c => Begin(c, Running(state), now),
        FinishStep c => Finish(c, state, now),
        ReceiveSignal c => Signal(c, state, now),
        DecideApproval c => Approve(c, state, now),
        CancelWorkflow c => Cancel(c, state, now),
        DispatchStep c => Dispatch(c, state, now),
        RecordStepToolCalls c => RecordToolCalls(c, state),
        PauseWorkflow c => Pause(c, state, now),
        ResumeWorkflow => Resume(state, now),
        RetryFromStep c => Retry(c, state, now),
        CompensationCommand c => DecideCompensation(c, state, now),
        StepItemCommand c => DecideItems(c, state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A workflow does not know this command."),
    };

    private static IReadOnlyList<WorkflowEvent> Cancel(CancelWorkflow command, WorkflowState state, DateTimeOffset now)
    {
        RefuseWhileCompensating(state, "cancelled");
        _ = Active(state);
        return [FailOrCompensate(state, Bounded("reason", command.Reason, 2_000, multiline: true), WorkflowStatus.Cancelled, now)];
    }

    private static IReadOnlyList<WorkflowEvent> Start(StartWorkflow command, WorkflowState state, DateTimeOffset now)
    {
        if (state.Exists)
            throw Reject.AlreadyExists($"Workflow {state.WorkflowId} exists already.");
        var id = Id("workflowId", command.WorkflowId);
        var template = Id("template", command.Template);
        if (command.TemplateVersion < 1)
            throw Reject.Invalid("templateVersion", "must be a registered version (1 or more)");
        WorkflowDefinitions.Parse(command.Definition);
        var input = JsonObject("input", command.Input, WorkflowLimits.MaxInputBytes);
        return Settle(state, [new WorkflowStarted(id, template, command.TemplateVersion, command.Definition, input.Length == 0 ? "{}" : input, now)], now);
    }

    private static IReadOnlyList<WorkflowEvent> Begin(BeginStep command, WorkflowState state, DateTimeOffset now)
    {
        var step = state.Parsed.Steps.FirstOrDefault(s => s.Id == command.StepId) ?? throw Reject.NotFound($"Workflow {state.WorkflowId} has no step '{command.StepId}'.");
        var run = state.Steps[step.Id];
        var ready = run.Status == StepStatus.Pending && step.DependsOn.All(d => state.Steps[d].Status == StepStatus.Succeeded)
            || run.Status == StepStatus.Retrying && run.DueAt <= now;
        if (!ready)
            return [];
        if (StepKinds.FansOut(step.Kind))
            return BeginFanOut(step, run, state, now);
        DateTimeOffset? due = step.Kind == StepKinds.Wait
            ? now + TimeSpan.FromSeconds(step.Seconds ?? 0)
            : step.TimeoutSeconds > 0 ? now + TimeSpan.FromSeconds(step.TimeoutSeconds) : null;
        var attempt = run.Attempts + 1;
        List<WorkflowEvent> events = [new StepStarted(step.Id, attempt, now, due)];
        if (step.Kind == StepKinds.Signal && state.Signals.TryGetValue(step.Signal!, out var payload))
            events.Add(new StepSucceeded(step.Id, attempt, payload, now));
        return Settle(state, events, now);
    }

    private static IReadOnlyList<WorkflowEvent> Finish(FinishStep command, WorkflowState state, DateTimeOffset now)
    {
        if (!state.IsActive || !state.Steps.TryGetValue(command.StepId, out var run) || run.Status != StepStatus.Running || run.Attempts != command.Attempt)
            return []; // a repeat of an attempt whose end is journaled already
        if (command.Succeeded)
            return Settle(state, [new StepSucceeded(run.StepId, run.Attempts, command.Output.Length == 0 ? "null" : command.Output, now)], now);
        var policy = state.Parsed.Step(run.StepId).RetryPolicy;
        if (command.Retryable && run.AttemptsThisRun < policy.MaxAttempts)
            return [new StepAttemptFailed(run.StepId, run.Attempts, command.Error, now + policy.DelayAfter(run.Attempts, command.Jitter), now)];
        return Settle(state, [new StepFailed(run.StepId, run.Attempts, command.Error, now)], now);
    }

    private static IReadOnlyList<WorkflowEvent> Signal(ReceiveSignal command, WorkflowState state, DateTimeOffset now)
    {
        var name = Id("name", command.Name);
        var payload = string.IsNullOrWhiteSpace(command.Payload) ? "null" : ValidJson("payload", command.Payload);
        var running = Active(state);
        List<WorkflowEvent> events = [new SignalReceived(name, payload, now)];
        foreach (var step in running.Parsed.Steps.Where(s => s.Kind == StepKinds.Signal && s.Signal == name && running.Steps[s.Id].Status == StepStatus.Running))
            events.Add(new StepSucceeded(step.Id, running.Steps[step.Id].Attempts, payload, now));
        return Settle(state, events, now);
    }

    private static IReadOnlyList<WorkflowEvent> Approve(DecideApproval command, WorkflowState state, DateTimeOffset now)
    {
        var running = Active(state);
        var step = running.Parsed.Steps.FirstOrDefault(s => s.Id == command.StepId && s.Kind == StepKinds.Approval)
            ?? throw Reject.NotFound($"Workflow {state.WorkflowId} has no approval step '{command.StepId}'.");
        var run = running.Steps[step.Id];
        if (run.Status != StepStatus.Running)
            throw Reject.Conflict($"Step {step.Id} of workflow {state.WorkflowId} is not waiting for an approval (it is {Describe(run.Status)}).");
        if (!command.Roles.Contains(step.Role!, StringComparer.Ordinal))
            throw Reject.Invalid("roles", $"approving step {step.Id} needs the role {step.Role}");
        var approver = Required("approver", command.Approver, 200);
        var comment = Bounded("comment", command.Comment, 2_000, multiline: true);
        var output = JsonSerializer.Serialize(new { approved = command.Approved, approver, comment }, JsonSerializerOptions.Web);
        return Settle(state, command.Approved
            ? [new StepSucceeded(step.Id, run.Attempts, output, now)]
            : [new StepFailed(step.Id, run.Attempts, $"rejected by {approver}{(comment.Length > 0 ? ": " + comment : "")}", now)], now);
    }

    private static IReadOnlyList<WorkflowEvent> Dispatch(DispatchStep command, WorkflowState state, DateTimeOffset now)
    {
        if (!state.IsActive || !state.Steps.TryGetValue(command.StepId, out var run) || run.Status != StepStatus.Running || run.Attempts != command.Attempt
            || run.Dispatched.Length > 0)
            return []; // journaled already, or the attempt is over
        return [new StepDispatched(run.StepId, run.Attempts, Id("taskId", command.TaskId), now)];
    }

    private static IReadOnlyList<WorkflowEvent> Pause(PauseWorkflow command, WorkflowState state, DateTimeOffset now)
    {
        _ = state.IsCompensating ? state : Running(state);
        return [new WorkflowPaused(Bounded("reason", command.Reason, 2_000, multiline: true), now)];
    }

    private static IReadOnlyList<WorkflowEvent> Resume(WorkflowState state, DateTimeOffset now)
    {
        _ = Paused(state);
        return [new WorkflowResumed(now)];
    }

    /// <summary>
    /// A failed instance runs again from <paramref name="command"/>'s step: it and every step downstream of it are pending
    /// again. Their attempts keep counting (a new logical attempt, so a new idempotency key), and their retry policy starts over.
    /// </summary>
    private static IReadOnlyList<WorkflowEvent> Retry(RetryFromStep command, WorkflowState state, DateTimeOffset now)
    {
        if (state.Status != WorkflowStatus.Failed)
            throw state.Exists
                ? Reject.Conflict($"Workflow {state.WorkflowId} is {Describe(state.Status)}: only a failed workflow is retried from a step.")
                : Reject.NotFound("The workflow does not exist.");
        RefuseWhenCompensated(state);
        var definition = state.Parsed;
        var step = definition.Steps.FirstOrDefault(s => s.Id == command.StepId) ?? throw Reject.NotFound($"Workflow {state.WorkflowId} has no step '{command.StepId}'.");
        if (step.DependsOn.FirstOrDefault(d => state.Steps[d].Status != StepStatus.Succeeded) is { } waiting)
            throw Reject.Conflict($"Step {step.Id} depends on step {waiting}, which is {Describe(state.Steps[waiting].Status)}: retry from that step.");
        var reset = new List<string> { step.Id };
        for (var i = 0; i < reset.Count; i++)
            reset.AddRange(definition.Steps.Where(s => s.DependsOn.Contains(reset[i], StringComparer.Ordinal) && !reset.Contains(s.Id, StringComparer.Ordinal)).Select(s => s.Id));
        if (state.Steps.Values.FirstOrDefault(r => r.Status == StepStatus.Failed && !reset.Contains(r.StepId, StringComparer.Ordinal)) is { } other)
            throw Reject.Conflict($"Step {other.StepId} failed too and is not downstream of step {step.Id}: retry from step {other.StepId}.");
        var ordered = definition.Steps.Select(s => s.Id).Where(reset.Contains).ToList();
        return Settle(state, [new WorkflowRetriedFromStep(step.Id, ordered, now)], now);
    }

    /// <summary>
    /// <paramref name="events"/>, and the instance's end when they complete (every step succeeded) or fail it; else the start
    /// of the next step they made ready (which starts the one after it when it ends at once, and so on). Starting it here
    /// journals a step's end and its successor's start in one append rather than two; what is journaled is the same.
    /// </summary>
    private static IReadOnlyList<WorkflowEvent> Settle(WorkflowState state, List<WorkflowEvent> events, DateTimeOffset now)
    {
        var after = events.Aggregate(state, Evolve);
        if (after.Steps.Values.FirstOrDefault(s => s.Status == StepStatus.Failed) is { } failed)
            events.Add(FailOrCompensate(after, $"step {failed.StepId} failed: {failed.Error}", WorkflowStatus.Failed, now));
        else if (after.Steps.Values.All(s => s.Status == StepStatus.Succeeded))
            events.Add(new WorkflowCompleted(JsonPaths.Resolve(after.Parsed.Output, Context(after))?.ToJsonString() ?? "null", now));
        else if (after.IsRunning && Next(after, now) is { Action: StepActionKind.Begin, Index: < 0 } next)
            events.AddRange(Begin(new BeginStep(next.StepId), after, now));
        return events;
    }

    private static WorkflowState Running(WorkflowState state) => InStatus(state, WorkflowStatus.Running);

    private static WorkflowState Paused(WorkflowState state) => InStatus(state, WorkflowStatus.Paused);

    /// <summary>Running or paused: what arrives from outside is recorded either way.</summary>
    private static WorkflowState Active(WorkflowState state) => state.IsActive ? state : InStatus(state, WorkflowStatus.Running);

    private static WorkflowState InStatus(WorkflowState state, WorkflowStatus status) => state.Status switch
    {
        _ when state.Status == status => state,
        WorkflowStatus.None => throw Reject.NotFound("The workflow does not exist."),
        _ => throw Reject.Conflict($"Workflow {state.WorkflowId} is {Describe(state.Status)}."),
    };

    /// <summary>The next step to act on at <paramref name="now"/>, in template order; null when every step waits for something else.</summary>
    public static NextStep? Next(WorkflowState state, DateTimeOffset now)
    {
        if (state.IsCompensating)
            return NextCompensation(state, now);
        if (!state.IsRunning)
            return null;
        foreach (var step in state.Parsed.Steps)
        {
            var run = state.Steps[step.Id];
            switch (run.Status)
            {
                case StepStatus.Pending when step.DependsOn.All(d => state.Steps[d].Status == StepStatus.Succeeded):
                case StepStatus.Retrying when run.DueAt <= now:
                    return new NextStep(step.Id, StepActionKind.Begin);
                case StepStatus.Running when StepKinds.FansOut(step.Kind):
                    if (NextOfItems(step, run, now) is { } item)
                        return item;
                    break;
                case StepStatus.Running when step.Kind is StepKinds.Tool or StepKinds.Persona:
                case StepStatus.Running when step.Kind == StepKinds.Task && run.Dispatched.Length == 0:
                    return new NextStep(step.Id, StepActionKind.Run);
                case StepStatus.Running when step.Kind == StepKinds.Wait && run.DueAt <= now:
                    return new NextStep(step.Id, StepActionKind.Fire);
                case StepStatus.Running when run.DueAt <= now:
                    return new NextStep(step.Id, StepActionKind.TimeOut);
            }
        }
        return null;
    }

    /// <summary>The earliest due time among the steps (a timer, a retry, a deadline); null when none waits for a time.</summary>
    public static DateTimeOffset? NextDue(WorkflowState state) =>
        state.IsCompensating ? NextCompensationDue(state)
        : state.IsRunning ? state.Steps.Values.Where(s => s.Status is StepStatus.Running or StepStatus.Retrying).Select(s => s.DueAt).Concat(ItemDueTimes(state)).Min()
        : null;

    /// <summary>What JSON paths read: <c>{"input": …, "steps": {id: {"output": …}}}</c> over the succeeded steps.</summary>
    public static JsonNode Context(WorkflowState state)
    {
        var steps = new JsonObject();
        foreach (var run in state.Steps.Values.Where(s => s.Status == StepStatus.Succeeded))
            steps[run.StepId] = new JsonObject { ["output"] = JsonNode.Parse(run.Output) };
        return new JsonObject { ["input"] = JsonNode.Parse(state.Input.Length == 0 ? "{}" : state.Input), ["steps"] = steps };
    }

    public static WorkflowState Evolve(WorkflowState state, WorkflowEvent @event) => @event switch
    {
        WorkflowStarted e => state with
        {
            WorkflowId = e.WorkflowId, Template = e.Template, TemplateVersion = e.TemplateVersion, Definition = e.Definition, Input = e.Input,
            Status = WorkflowStatus.Running, StartedAt = e.StartedAt,
            Steps = WorkflowDefinitions.Parse(e.Definition).Steps.ToImmutableDictionary(s => s.Id, s => StepRun.Pending(s.Id, s.Kind), StringComparer.Ordinal),
        },
        StepStarted e => Step(state, e.StepId, r => r with
        {
            Status = StepStatus.Running, Attempts = e.Attempt, StartedAt = r.StartedAt ?? e.StartedAt, DueAt = e.DueAt, Error = "", Dispatched = "",
        }),
        StepDispatched e => Step(state, e.StepId, r => r with { Dispatched = e.TaskId }),
        PersonaStepCalledTools e => WithToolCalls(state, e),
        StepItemEvent e => Step(state, e.StepId, r => EvolveItems(r, e)),
        WorkflowPaused => state with { Status = WorkflowStatus.Paused },
        WorkflowResumed => state with { Status = state.Undoing is null ? WorkflowStatus.Running : WorkflowStatus.Compensating },
        WorkflowRetriedFromStep e => state with
        {
            Status = WorkflowStatus.Running, Error = "", Output = "", FinishedAt = null,
            Steps = state.Steps.SetItems(e.Reset.Select(id => KeyValuePair.Create(id, StepRun.Pending(id, state.Steps[id].Kind) with
            {
                Attempts = state.Steps[id].Attempts, AttemptsBefore = state.Steps[id].Attempts, ItemAttemptsBefore = ItemAttemptsSoFar(state.Steps[id]),
            }))),
        },
        StepSucceeded e => Step(state, e.StepId, r => r with { Status = StepStatus.Succeeded, Output = e.Output, FinishedAt = e.At, DueAt = null }),
        StepAttemptFailed e => Step(state, e.StepId, r => r with { Status = StepStatus.Retrying, Error = e.Error, DueAt = e.RetryAt }),
        StepFailed e => Step(state, e.StepId, r => r with { Status = StepStatus.Failed, Error = e.Error, FinishedAt = e.At, DueAt = null }),
        SignalReceived e => state with { Signals = state.Signals.SetItem(e.Name, e.Payload) },
        WorkflowCompleted e => state with { Status = WorkflowStatus.Completed, Output = e.Output, FinishedAt = e.At },
        WorkflowFailed e => state with { Status = WorkflowStatus.Failed, Error = e.Error, FinishedAt = e.At },
        WorkflowCancelled e => CancelInFlight(state) with { Status = WorkflowStatus.Cancelled, Error = e.Reason, FinishedAt = e.At },
        CompensationEvent e => EvolveCompensation(state, e),
        _ => throw new InvalidOperationException($"A workflow does not know the event {@event.GetType().Name}."),
    };

    public static string Describe(StepStatus status) => status.ToString().ToLowerInvariant();

    public static string Describe(WorkflowStatus status) => status.ToString().ToLowerInvariant();

    private static WorkflowState Step(WorkflowState state, string stepId, Func<StepRun, StepRun> change) =>
        state with { Steps = state.Steps.SetItem(stepId, change(state.Steps[stepId])) };

    private static string ValidJson(string field, string json)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(json) > WorkflowLimits.MaxInputBytes)
            throw Reject.Invalid(field, $"must be at most {WorkflowLimits.MaxInputBytes} bytes of JSON");
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement);
        }
        catch (JsonException)
        {
            throw Reject.Invalid(field, "must be JSON");
        }
    }
}
