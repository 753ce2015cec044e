using System.Text.Json;
using System.Text.Json.Nodes;
using EDRS.Actors.Inference;
using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Search;
using EDRS.Actors.Sessions;
using EDRS.Actors.Sessions.Prompting;
using EDRS.Actors.Tools.Calling;
using EDRS.Actors.Tools.Invocation;
using EDRS.Actors.Workflows.Activities;
using EDRS.Actors.Workflows.Commands;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Actors.Workflows.Events;
using EDRS.Actors.Workflows.Triggers;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using EDRS.Persistence.Reminders;
using EDRS.Persistence.Workflows;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Workflows;

/// <summary>
/// One workflow run (kind <c>workflow</c>, identity <c>{tenant}/{workflowId}</c>): the executor of
/// <see cref="WorkflowDecider"/>'s decisions. It acts on the next step until every step waits for something (a timer, a
/// signal, an approval, a retry, a task), journaling each start and each end; tool calls carry the Idempotency-Key
/// <c>wf:{tenant}/{workflowId}/{stepId}/{attempt}</c>, the same when a crashed attempt is run again. Persona steps ask a
/// persona (<see cref="PersonaStepActivity"/>); task steps create a task that reports its outcome back
/// (<see cref="TaskStepActivity"/>). A paused instance acts on nothing until resumed.
/// </summary>
/// <remarks>
/// Durability: while it has work to act on, the instance keeps a reminder <see cref="SafetyRetry"/> ahead, so a crash
/// mid-step wakes it on any member; when it stops acting, the reminder moves to the earliest due time (or goes). The
/// reminder changes with the journal append that changes what the run waits for, in the same statement
/// (<see cref="ReminderAfter"/>), so it costs no transaction of its own and never disagrees with the journal. Commands
/// that make work ready (start, signal, approval) return at once and send the instance an <c>Advance</c> to itself, so
/// callers never wait for tool calls.
/// <para>
/// A due time less than <see cref="LocalTimerHorizon"/> ahead (a short timer, a retry's backoff) is kept by the activation's
/// own timer, which sends it an <c>Advance</c> at that time; the reminder then stands <see cref="LocalTimerGrace"/> later,
/// as the backstop for an activation that is gone by then (its member died, it was stopped). So a live run wakes on time
/// without the reminder table being polled, claimed and cleared for it, and a run whose activation is lost still wakes,
/// at most the grace later; due times further ahead are the reminder's alone.
/// </para>
/// </remarks>
public sealed partial class WorkflowInstance : WorkflowGrain.WorkflowGrainBase, IJournaledGrain, IAsyncDisposable
{
    /// <summary>How soon a crashed executor is woken again.</summary>
    public static readonly TimeSpan SafetyRetry = TimeSpan.FromSeconds(5);

    /// <summary>Due times at most this far ahead are kept by the activation's own timer (see the remarks).</summary>
    public static readonly TimeSpan LocalTimerHorizon = TimeSpan.FromMinutes(1);

    /// <summary>How much later than a due time the activation's own timer keeps, the reminder stands as its backstop.</summary>
    public static readonly TimeSpan LocalTimerGrace = TimeSpan.FromSeconds(1);

    private const string Reminder = "advance";

    /// <summary>Actions per <c>Advance</c>: a long chain continues in the next message, so other callers get their turn.</summary>
    private const int MaxActionsPerTurn = 200;

    /// <summary>The reply journaled with each command's request id (see <see cref="ExecuteAsync"/>).</summary>
    private static readonly WorkflowView NoReply = new();

    /// <summary>Tool calls of the attempt in flight that in a row could not be sent (see <see cref="ToolCallResult.NotSent"/>).</summary>
    private int _unsentRetries;

    private readonly GrainActivation _activation;
    private readonly JournaledState<WorkflowState, WorkflowEvent> _journaled;
    private readonly GrainClients _clients;
    private readonly GrainReminder _reminder;
    private readonly ToolInvoker _tools;
    private readonly PersonaStepActivity _personas;
    private readonly TaskStepActivity _tasks;
    private readonly WorkflowEventWaitStore? _eventWaits;
    private readonly ILogger _logger;

    /// <summary>Whether this activation has recorded the run's event waits (recording is idempotent; once per activation is enough).</summary>
    private bool _waitsRecorded;

    /// <summary>The activation's own timer for the run's earliest due time, and that time (see <see cref="ArmTimer"/>).</summary>
    private ITimer? _timer;
    private DateTimeOffset? _timerDue;

    /// <summary>Set by <see cref="_timer"/>'s callback once it has sent its <c>Advance</c>: the next due time needs a new timer.</summary>
    private volatile bool _timerFired;

    public WorkflowInstance(
        GrainActivation activation,
        JournaledStateFactory states,
        GrainClients clients,
        GrainReminders reminders,
        ToolInvoker tools,
        IOptions<SessionsOptions> prompting,
        ILoggerFactory loggers,
        IChatClient? chat = null,
        ITokenCounter? tokens = null,
        IModelAvailability? models = null,
        KnowledgeSearcher? knowledge = null,
        KnowledgeRouter? collections = null,
        WorkflowEventWaitStore? eventWaits = null,
        PersonaToolbox? toolbox = null)
    {
        _eventWaits = eventWaits;
        _activation = activation;
        _clients = clients;
        _reminder = new GrainReminder(reminders, activation.Identity, Reminder);
        _tools = tools;
        _logger = loggers.CreateLogger("EDRS.Workflows");
        _personas = new PersonaStepActivity(new PromptSources(clients, prompting.Value, activation.Time, _logger, knowledge, collections), prompting.Value, chat, tokens, models, toolbox);
        _tasks = new TaskStepActivity(clients);
        _journaled = states.Create<WorkflowState, WorkflowEvent>(activation, WorkflowState.Initial, WorkflowDecider.Evolve);
    }

    private string WorkflowId => _activation.Identity.Key;

    private string Tenant => _activation.Identity.Tenant;

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override async Task<WorkflowView> Start(StartWorkflowRequest request, ServerCallContext context)
    {
        RequireSameWorkflow(request.WorkflowId);
        await ExecuteAsync(request.RequestId, new StartWorkflow(WorkflowId, request.Template, request.TemplateVersion, request.Definition, request.Input)).ConfigureAwait(false);
        // Before the caller hears of the run, so an event it sends next finds the run waiting.
        await RecordEventWaitsAsync(context.CancellationToken).ConfigureAwait(false);
        Kick();
        return View();
    }

    public override Task<WorkflowView> GetWorkflow(GetWorkflowRequest request, ServerCallContext context) =>
        RequireSameWorkflow(request.WorkflowId) && _journaled.State.Exists ? Task.FromResult(View()) : throw GrainException.NotFound($"Workflow {WorkflowId} does not exist.");

    public override async Task<WorkflowView> Signal(WorkflowSignalRequest request, ServerCallContext context)
    {
        RequireSameWorkflow(request.WorkflowId);
        await ExecuteAsync(request.RequestId, new ReceiveSignal(request.Name, request.Payload)).ConfigureAwait(false);
        Kick();
        return View();
    }

    public override async Task<WorkflowView> Approve(WorkflowApprovalRequest request, ServerCallContext context)
    {
        RequireSameWorkflow(request.WorkflowId);
        await ExecuteAsync(request.RequestId, new DecideApproval(request.StepId, request.Approved, request.Approver, [.. request.Roles], request.Comment)).ConfigureAwait(false);
        Kick();
        return View();
    }

    public override async Task<WorkflowView> Cancel(CancelWorkflowRequest request, ServerCallContext context)
    {
        RequireSameWorkflow(request.WorkflowId);
        await ExecuteAsync(request.RequestId, new CancelWorkflow(request.Reason)).ConfigureAwait(false);
        if (_journaled.State.IsExecuting)
        {
            // Cancelled, but compensating first: the reminder stays, so a crash mid-compensation wakes the instance.
            await SafetyReminderAsync().ConfigureAwait(false);
            Kick();
        }
        else
        {
            ArmTimer(null);
            await _reminder.MoveToAsync(null).ConfigureAwait(false);
            await RemoveEventWaitsAsync(context.CancellationToken).ConfigureAwait(false);
        }
        return View();
    }

    public override async Task<WorkflowView> Pause(PauseWorkflowRequest request, ServerCallContext context)
    {
        RequireSameWorkflow(request.WorkflowId);
        await ExecuteAsync(request.RequestId, new PauseWorkflow(request.Reason)).ConfigureAwait(false);
        ArmTimer(null);
        await _reminder.MoveToAsync(null).ConfigureAwait(false);
        return View();
    }

    public override async Task<WorkflowView> Resume(ResumeWorkflowRequest request, ServerCallContext context)
    {
        RequireSameWorkflow(request.WorkflowId);
        await ExecuteAsync(request.RequestId, new ResumeWorkflow()).ConfigureAwait(false);
        Kick();
        return View();
    }

    public override async Task<WorkflowView> RetryStep(RetryWorkflowStepRequest request, ServerCallContext context)
    {
        RequireSameWorkflow(request.WorkflowId);
        await ExecuteAsync(request.RequestId, new RetryFromStep(request.StepId)).ConfigureAwait(false);
        Kick();
        return View();
    }

    public override async Task<WorkflowView> RecordTaskOutcome(WorkflowTaskOutcomeRequest request, ServerCallContext context)
    {
        var state = _journaled.State;
        if (!state.Exists)
            throw GrainException.NotFound($"Workflow {WorkflowId} does not exist.");
        // Only the outcome of the task of the attempt in flight ends it; an earlier attempt's task is past.
        if (state.Steps.TryGetValue(request.StepId, out var run) && run.Status == StepStatus.Running
            && TaskStepActivity.TaskIdOf(IdempotencyKey(run.StepId, run.Attempts)) == request.TaskId)
        {
            var outcome = TaskStepActivity.OutcomeOf(request.TaskId, request.Status, request.Result);
            await FinishAsync(run, outcome.Succeeded, outcome.Output, outcome.Error, outcome.Retryable).ConfigureAwait(false);
            Kick();
        }
        else if (await RecordItemTaskOutcomeAsync(request).ConfigureAwait(false))
            Kick();
        return View();
    }

    public override async Task<WorkflowView> Advance(AdvanceWorkflowRequest request, ServerCallContext context)
    {
        if (!request.WokenByReminder)
            return await AdvanceAsync(context.CancellationToken).ConfigureAwait(false);
        // The claimed row that woke the run protects this call and goes once it returns, unless written again.
        _reminder.Woken();
        try
        {
            return await AdvanceAsync(context.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _reminder.WakeReturned();
        }
    }

    /// <summary>Acts on the run until every step waits for something, then leaves the reminder at the earliest due time.</summary>
    private async Task<WorkflowView> AdvanceAsync(CancellationToken cancellationToken)
    {
        if (!_journaled.State.IsExecuting)
        {
            ArmTimer(null);
            await _reminder.MoveToAsync(null).ConfigureAwait(false);
            await RemoveEventWaitsAsync(cancellationToken).ConfigureAwait(false);
            return _journaled.State.Exists ? View() : new WorkflowView { WorkflowId = WorkflowId };
        }
        await SafetyReminderAsync().ConfigureAwait(false);
        if (!_waitsRecorded)
            await RecordEventWaitsAsync(cancellationToken).ConfigureAwait(false);
        var actions = 0;
        var unsentBefore = _unsentRetries;
        while (WorkflowDecider.Next(_journaled.State, Now) is { } next && actions++ < MaxActionsPerTurn)
        {
            await ActAsync(next, cancellationToken).ConfigureAwait(false);
            if (_unsentRetries > unsentBefore)
            {
                // Try the unsent call again after a pause that grows (1 s, 2 s, … 30 s) while the cause lasts.
                var pause = TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(_unsentRetries - 1, 5)));
                await WakeAtAsync(Now + pause).ConfigureAwait(false);
                return View();
            }
        }
        if (actions > MaxActionsPerTurn)
        {
            // The rest runs in the next message; should that be lost, the reminder wakes the run. A claimed row that woke this
            // call goes when it returns, so it is not counted on here.
            _reminder.WakeReturned();
            await SafetyReminderAsync().ConfigureAwait(false);
            Kick();
            return View();
        }
        await RemoveEventWaitsAsync(cancellationToken).ConfigureAwait(false);
        await WakeAtAsync(WorkflowDecider.NextDue(_journaled.State)).ConfigureAwait(false);
        return View();
    }

    /// <summary>
    /// Leaves the run to be woken at <paramref name="due"/> (null: not at all): by the activation's own timer with the
    /// reminder as its backstop when <paramref name="due"/> is near, by the reminder alone otherwise.
    /// </summary>
    private Task WakeAtAsync(DateTimeOffset? due)
    {
        ArmTimer(due);
        return _reminder.MoveToAsync(Backstop(due));
    }

    /// <summary>Where the reminder stands for the due time <paramref name="due"/>: <see cref="LocalTimerGrace"/> later when the activation's timer keeps it.</summary>
    private DateTimeOffset? Backstop(DateTimeOffset? due) => due is { } at && at - Now <= LocalTimerHorizon ? at + LocalTimerGrace : due;

    /// <summary>
    /// Sets the activation's timer to send the instance an <c>Advance</c> at <paramref name="due"/> when it is within
    /// <see cref="LocalTimerHorizon"/>; drops it otherwise. A timer already set for that time is kept until it has fired.
    /// </summary>
    private void ArmTimer(DateTimeOffset? due)
    {
        if (_timer is not null && due == _timerDue && !_timerFired)
            return;
        _timer?.Dispose();
        (_timer, _timerDue, _timerFired) = (null, null, false);
        if (due is not { } at || at - Now > LocalTimerHorizon)
            return;
        // Whole milliseconds, rounded up, so it seldom fires before the due time; one that does is set again (see _timerFired).
        var wait = TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(0, (at - Now).TotalMilliseconds)));
        _timerDue = at;
        _timer = _activation.Time.CreateTimer(static self => ((WorkflowInstance)self!).TimerFired(), this, wait, Timeout.InfiniteTimeSpan);
    }

    private void TimerFired()
    {
        _timerFired = true;
        SendAdvance();
    }

    /// <summary>A stopped activation's timer goes with it: the reminder, standing as its backstop, wakes the run wherever it lives next.</summary>
    public ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        _timer = null;
        return ValueTask.CompletedTask;
    }

    private async Task ActAsync(NextStep next, CancellationToken cancellationToken)
    {
        var state = _journaled.State;
        var run = state.Steps[next.StepId];
        switch (next.Action)
        {
            case var _ when next.Index >= 0 || next.Action == StepActionKind.Plan:
                await ActOnItemsAsync(next, cancellationToken).ConfigureAwait(false);
                break;
            case StepActionKind.Begin:
                await ExecuteAsync(NewRequestId(), new BeginStep(next.StepId)).ConfigureAwait(false);
                break;
            case StepActionKind.Fire:
                var fired = JsonSerializer.Serialize(new { dueAt = run.DueAt, firedAt = Now }, JsonSerializerOptions.Web);
                await FinishAsync(run, true, fired, "", retryable: false).ConfigureAwait(false);
                break;
            case StepActionKind.TimeOut:
                var waiting = state.Parsed.Step(run.StepId);
                await FinishAsync(run, false, "", $"no {waiting.Kind} within {waiting.TimeoutSeconds} s", retryable: false).ConfigureAwait(false);
                break;
            case StepActionKind.Run when run.Kind == StepKinds.Task:
                var created = await _tasks.CreateAsync(Tenant, WorkflowId, state.Parsed.Step(run.StepId), IdempotencyKey(run.StepId, run.Attempts),
                    WorkflowDecider.Context(state), cancellationToken).ConfigureAwait(false);
                if (created is { } ended)
                    await FinishAsync(run, ended.Succeeded, ended.Output, ended.Error, ended.Retryable).ConfigureAwait(false);
                else
                    await ExecuteAsync(NewRequestId(), new DispatchStep(run.StepId, run.Attempts, TaskStepActivity.TaskIdOf(IdempotencyKey(run.StepId, run.Attempts))))
                        .ConfigureAwait(false);
                break;
            case StepActionKind.Run:
                var definition = state.Parsed.Step(run.StepId);
                var result = run.Kind == StepKinds.Persona
                    ? await AskPersonaAsync(definition, WorkflowDecider.Context(state), cancellationToken, run).ConfigureAwait(false)
                    : await CallToolAsync(definition, WorkflowDecider.Context(state), IdempotencyKey(run.StepId, run.Attempts), run.StartedAt ?? Now, cancellationToken).ConfigureAwait(false);
                if (HeldBack(result, run.StepId, run.Attempts))
                    break;
                await FinishAsync(run, result.Succeeded, result.Output, result.Error, result.Retryable).ConfigureAwait(false);
                break;
            case StepActionKind.BeginCompensation or StepActionKind.Compensate:
                await CompensateAsync(next, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// True when <paramref name="result"/>'s call never left this member (the registry unreadable, the circuit open). The
    /// attempt is not over: it runs again later under the same Idempotency-Key — a new attempt, with a new key, could repeat
    /// the effect of this attempt's call by a member that died before journaling its answer.
    /// </summary>
    private bool HeldBack(ToolCallResult result, string stepId, int attempt)
    {
        if (result is { Succeeded: false, NotSent: true })
        {
            _unsentRetries++;
            LogNotSent(_logger, _activation.StreamKey, stepId, attempt, result.Error);
            return true;
        }
        _unsentRetries = 0;
        return false;
    }

    /// <summary>Calls <paramref name="step"/>'s tool with its input read from <paramref name="context"/>, under <paramref name="idempotencyKey"/>.</summary>
    private async Task<ToolCallResult> CallToolAsync(StepDefinition step, JsonNode context, string idempotencyKey, DateTimeOffset startedAt,
        CancellationToken cancellationToken)
    {
        var args = JsonPaths.Resolve(step.Input, context)?.ToJsonString() ?? "{}";
        using var document = JsonDocument.Parse(args);
        var call = new ToolInvocation(Tenant, step.Tool!, document.RootElement.Clone(), idempotencyKey, startedAt, $"workflow {WorkflowId}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (step.TimeoutSeconds > 0)
            deadline.CancelAfter(TimeSpan.FromSeconds(step.TimeoutSeconds));
        try
        {
            return await _tools.InvokeAsync(call, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolCallResult.Transient($"{step.Tool} did not answer within the step's {step.TimeoutSeconds} s");
        }
    }

    /// <summary>
    /// Asks a persona. Only a <c>persona</c> step's own attempt (<paramref name="run"/>) lets the model call tools, journaled
    /// with the step; a planner, a map item or a compensation asks without tools.
    /// </summary>
    private async Task<ToolCallResult> AskPersonaAsync(StepDefinition step, JsonNode context, CancellationToken cancellationToken, StepRun? run = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (step.TimeoutSeconds > 0)
            deadline.CancelAfter(TimeSpan.FromSeconds(step.TimeoutSeconds));
        var calls = new ModelToolCalls();
        var answer = await _personas.AskAsync(Tenant, _activation.StreamKey, step, context, run is null ? "" : IdempotencyKey(run.StepId, run.Attempts), calls, deadline.Token)
            .ConfigureAwait(false);
        // The calls are journaled with the step before its outcome (their effects happened whatever the answer).
        if (run is not null && calls.Count > 0)
            await ExecuteAsync(NewRequestId(), new RecordStepToolCalls(run.StepId, run.Attempts, calls.ToList())).ConfigureAwait(false);
        return answer.Succeeded || !deadline.IsCancellationRequested || cancellationToken.IsCancellationRequested
            ? answer
            : ToolCallResult.Transient($"persona {step.Persona} did not answer within the step's {step.TimeoutSeconds} s");
    }

    /// <summary>
    /// Keeps a reminder at most <see cref="SafetyRetry"/> ahead before acting, so a crash mid-step wakes the run on any member;
    /// one written earlier that is still ahead and no later than that serves as it is.
    /// </summary>
    private Task SafetyReminderAsync() => _reminder.DueWithinAsync(Now, SafetyRetry);

    /// <summary>
    /// The reminder change the run asks for once <paramref name="next"/> is journaled (null: none), written with that append:
    /// gone when the run no longer executes; at most <see cref="SafetyRetry"/> ahead while it has a step to act on (so a
    /// crash before the next append wakes it); otherwise at its earliest due time (a timer, a retry, a timeout), or gone.
    /// </summary>
    private ReminderWrite? ReminderAfter(WorkflowState next) =>
        !next.IsExecuting ? _reminder.Toward(null)
        : WorkflowDecider.Next(next, Now) is not null ? _reminder.Within(Now, SafetyRetry)
        : _reminder.Toward(Backstop(WorkflowDecider.NextDue(next)));

    /// <summary>Records the inbound events the run's signal steps wait for (none: nothing to do).</summary>
    private async Task RecordEventWaitsAsync(CancellationToken cancellationToken)
    {
        if (_eventWaits is not null && _journaled.State.IsActive)
            await _eventWaits.RecordAsync(Tenant, WorkflowId, EventWaits.Of(Tenant, _journaled.State), cancellationToken).ConfigureAwait(false);
        _waitsRecorded = true;
    }

    /// <summary>An ended run waits for no event.</summary>
    private async Task RemoveEventWaitsAsync(CancellationToken cancellationToken)
    {
        if (_eventWaits is not null && !_journaled.State.IsActive && EventWaits.Of(Tenant, _journaled.State) is { Count: > 0 } waits)
            await _eventWaits.RemoveAsync(Tenant, WorkflowId, [.. waits.Select(w => w.CorrelationId).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Idempotency-Key of a tool call: the same for every run of one logical attempt, another for the next attempt.</summary>
    public string IdempotencyKey(string stepId, int attempt) => $"wf:{Tenant}/{WorkflowId}/{stepId}/{attempt}";

    private Task FinishAsync(StepRun run, bool succeeded, string output, string error, bool retryable)
    {
        if (!succeeded)
            LogAttemptFailed(_logger, _activation.StreamKey, run.StepId, run.Attempts, error);
        return ExecuteAsync(NewRequestId(), new FinishStep(run.StepId, run.Attempts, succeeded, output, error, retryable, Random.Shared.NextDouble()));
    }

    /// <summary>Sends this instance an <c>Advance</c> without waiting: it runs after the current call, in the instance's own turn.</summary>
    private void Kick()
    {
        if (_journaled.State.IsExecuting)
            SendAdvance();
    }

    /// <summary>Sends this instance an <c>Advance</c> through the cluster, so it waits its turn in the mailbox.</summary>
    private void SendAdvance() =>
        _ = Task.Run(async () =>
        {
            try
            {
                await _clients.Workflow(Tenant, WorkflowId).AdvanceAsync(new AdvanceWorkflowRequest()).ResponseAsync.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or GrainException or TimeoutException)
            {
                // The reminder kept SafetyRetry ahead wakes the instance instead.
                LogKickFailed(_logger, ex, _activation.StreamKey);
            }
        });

    /// <summary>True, or refused naming the field when a request addressed to another workflow reached this one.</summary>
    private bool RequireSameWorkflow(string workflowId) => workflowId.Length == 0 || workflowId == WorkflowId
        ? true
        : throw GrainException.Invalid("workflowId", $"addresses workflow '{workflowId}' but the call reached workflow '{WorkflowId}'");

    /// <summary>
    /// Runs <paramref name="command"/> and journals what it decides, with the reminder change that follows from it. The reply
    /// kept with the request id is empty: every caller answers with the instance's view as it is after the call (a repeated
    /// request too), so a full view stored beside each event would only cost.
    /// </summary>
    private async Task ExecuteAsync(string requestId, WorkflowCommand command)
    {
        ReminderWrite? reminder = null;
        try
        {
            await _journaled.ExecuteAsync(requestId, state => WorkflowDecider.Decide(command, state, Now), static (_, _, _) => NoReply,
                next => reminder = ReminderAfter(next)).ConfigureAwait(false);
        }
        catch when (reminder is not null)
        {
            // The append carrying it failed: it may or may not have been written.
            _reminder.Forget();
            throw;
        }
        if (reminder is not null)
            _reminder.Written(reminder);
        // An ended run has nothing left to act on: its activation goes after this call rather than holding its state (and an
        // idle timer the process's timer queue keeps walking) for the idle timeout; a later read, or a retry from a step,
        // recovers it from the journal.
        if (_journaled.State.Status is WorkflowStatus.Completed or WorkflowStatus.Failed or WorkflowStatus.Cancelled)
            _activation.StopAfterThisCall();
    }

    private static string NewRequestId() => $"wf-{Guid.CreateVersion7():N}";

    private WorkflowView View() => ViewOf(_journaled.State, _journaled.Version);

    /// <summary>The instance as the contract shows it.</summary>
    public static WorkflowView ViewOf(WorkflowState state, long version)
    {
        var view = new WorkflowView
        {
            WorkflowId = state.WorkflowId,
            Template = state.Template,
            TemplateVersion = state.TemplateVersion,
            Status = state.Status.ToString().ToLowerInvariant(),
            Input = state.Input,
            Output = state.Output,
            Error = state.Error,
            StartedAt = Timestamp.FromDateTimeOffset(state.StartedAt),
            FinishedAt = ProtoTimes.Of(state.FinishedAt),
            Version = version,
        };
        if (!state.Exists)
            return view;
        view.Steps.AddRange(state.Parsed.Steps.Select(s => state.Steps[s.Id]).Select(r => new WorkflowStepView
        {
            StepId = r.StepId,
            Kind = r.Kind,
            Status = WorkflowDecider.Describe(r.Status),
            Attempts = r.Attempts,
            StartedAt = ProtoTimes.Of(r.StartedAt),
            FinishedAt = ProtoTimes.Of(r.FinishedAt),
            DueAt = ProtoTimes.Of(r.DueAt),
            Output = r.Output,
            Error = r.Error,
            TaskId = r.Dispatched,
            ToolCalls = { (r.ToolCalls ?? []).Select(c => new WorkflowToolCall
            {
                Attempt = c.Attempt, CallId = c.Call.CallId, Tool = c.Call.Tool, Arguments = c.Call.Arguments, Result = c.Call.Result, Succeeded = c.Call.Succeeded,
            }) },
            Items = { ItemViews(r) },
        }));
        ShowCompensations(view, state);
        return view;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {StreamKey}: attempt {Attempt} of step {StepId} could not send its call ({Error}); it will try again under the same key")]
    private static partial void LogNotSent(ILogger logger, string streamKey, string stepId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {StreamKey}: attempt {Attempt} of step {StepId} failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string streamKey, string stepId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {StreamKey}: could not send itself Advance; its reminder will")]
    private static partial void LogKickFailed(ILogger logger, Exception exception, string streamKey);
}
