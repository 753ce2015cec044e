using EDRS.Actors.Inbound;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Inbound.Work;
using EDRS.Actors.Personas;
using EDRS.Actors.Tasks.Commands;
using EDRS.Actors.Tasks.Events;
using EDRS.Actors.Workflows;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EDRS.Actors.Tasks;

/// <summary>
/// One task (kind <c>task</c>, identity <c>{tenant}/{taskId}</c>): the edge between the contract and
/// <see cref="TaskDecider"/>, and the side effects of its decisions. The owner is chosen like an inbound event's persona
/// (<see cref="RoutingDecider.ChooseBySkills"/> over the tenant's routing table: every skill the task needs, least open
/// work, ties rotating) and gets the task in its inbox as work of the task's priority, so a persona's load counts its
/// tasks. A finished task closes that work, tells its parent (for a subtask) and the workflow step waiting for it.
/// </summary>
/// <remarks>
/// Side effects run after the events are journaled, each idempotent, under a reminder registered first: a crash between
/// the journal and the calls leaves the reminder, whose wake-up does them again. An open task (no persona fits) is
/// offered again every <see cref="OpenTaskRetry"/>.
/// </remarks>
public sealed partial class WorkTask : TaskGrain.TaskGrainBase, IJournaledGrain
{
    /// <summary>When side effects that did not finish are tried again.</summary>
    public static readonly TimeSpan SideEffectRetry = TimeSpan.FromSeconds(5);

    /// <summary>How often a task nobody could take is offered again.</summary>
    public static readonly TimeSpan OpenTaskRetry = TimeSpan.FromMinutes(1);

    private const string SyncReminder = "sync";
    private const string AssignReminder = "assign";

    /// <summary>A task is assigned once, so the inbox holds it under one routing decision.</summary>
    private const long InboxDecision = 1;

    private readonly GrainActivation _activation;
    private readonly JournaledState<TaskState, TaskEvent> _journaled;
    private readonly GrainClients _clients;
    private readonly GrainReminders _reminders;
    private readonly ILogger _logger;
    private uint _rotation = (uint)Random.Shared.Next();

    public WorkTask(GrainActivation activation, JournaledStateFactory states, GrainClients clients, GrainReminders reminders, ILoggerFactory loggers)
    {
        _activation = activation;
        _clients = clients;
        _reminders = reminders;
        _logger = loggers.CreateLogger("EDRS.Tasks");
        _journaled = states.Create<TaskState, TaskEvent>(activation, TaskState.Initial, TaskDecider.Evolve);
    }

    private string TaskId => _activation.Identity.Key;

    private string Tenant => _activation.Identity.Tenant;

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override async Task<TaskAck> Create(CreateTaskRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        var watcher = request.Notify is { WorkflowId.Length: > 0 } notify ? new TaskWatcher(notify.WorkflowId, notify.StepId) : null;
        var command = new CreateTask(TaskId, request.Goal, request.Requester, [.. request.Skills], WorkPriorities.FromContract(request.Priority),
            request.Input, watcher, request.ParentTaskId, request.Depth == 0 ? 1 : request.Depth);
        if (request.Owner.Length > 0 && !GrainIds.IsEntityId(request.Owner))
            throw GrainException.Invalid("owner", $"must be {GrainIds.EntityIdRule}");
        await ExecuteAsync(request.RequestId, command).ConfigureAwait(false);
        await AssignOwnerAsync(request.Owner).ConfigureAwait(false);
        return Ack();
    }

    public override async Task<TaskAck> Assign(AssignTaskRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        RequireExists();
        if (request.Owner.Length > 0 && !GrainIds.IsEntityId(request.Owner))
            throw GrainException.Invalid("owner", $"must be {GrainIds.EntityIdRule}");
        if (_journaled.State.Stage != TaskStage.Open)
        {
            if (request.Owner.Length > 0 && request.Owner != _journaled.State.Owner)
                throw GrainException.FailedPrecondition($"Task {TaskId} is {TaskDecider.Describe(_journaled.State.Stage)}: only an open task is assigned.");
            return Ack();
        }
        await AssignOwnerAsync(request.Owner).ConfigureAwait(false);
        return Ack();
    }

    public override async Task<TaskAck> Start(StartTaskRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        await ExecuteAsync(request.RequestId, new StartTask()).ConfigureAwait(false);
        return Ack();
    }

    public override Task<TaskAck> Complete(CompleteTaskRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        return FinishAsync(request.RequestId, new CompleteTask(request.Result));
    }

    public override Task<TaskAck> Fail(FailTaskRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        return FinishAsync(request.RequestId, new FailTask(request.Reason));
    }

    public override Task<TaskAck> Cancel(CancelTaskRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        return FinishAsync(request.RequestId, new CancelTask(request.Reason));
    }

    public override async Task<TaskAck> AddSubtasks(AddSubtasksRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        var plans = request.Subtasks.Select(s => new SubtaskPlan(s.Goal, [.. s.Skills], WorkPriorities.FromContract(s.Priority))).ToList();
        await SideEffectsAsync(() => ExecuteAsync(request.RequestId, new AddSubtasks(plans))).ConfigureAwait(false);
        return Ack();
    }

    public override Task<TaskView> GetTask(GetTaskRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        RequireExists();
        return Task.FromResult(ViewOf(_journaled.State, _journaled.Version));
    }

    public override async Task<TaskAck> RecordSubtaskOutcome(SubtaskOutcomeRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        await ExecuteAsync(request.RequestId, new RecordSubtaskOutcome(request.SubtaskId, StageOf(request.Status), request.Result)).ConfigureAwait(false);
        return Ack();
    }

    public override async Task<TaskAck> Wake(TaskWakeRequest request, ServerCallContext context)
    {
        RequireSameTask(request.TaskId);
        if (!_journaled.State.Exists)
            return Ack(); // a reminder registered before a create that never committed
        if (request.Reminder == AssignReminder)
        {
            await AssignOwnerAsync("").ConfigureAwait(false);
            return Ack();
        }
        await RunSideEffectsAsync().ConfigureAwait(false);
        await _reminders.CancelAsync(_activation.Identity, SyncReminder).ConfigureAwait(false);
        return Ack();
    }

    /// <summary>Chooses (or takes) the owner of an open task, journals it and puts the task in the owner's inbox.</summary>
    private async Task AssignOwnerAsync(string named)
    {
        var state = _journaled.State;
        if (!state.Exists || state.Stage != TaskStage.Open)
            return;
        string owner, reason;
        if (named.Length > 0)
        {
            await CallAsync(() => _clients.Persona(Tenant, named).GetPersonaAsync(new GetPersonaRequest()).ResponseAsync, "owner", named).ConfigureAwait(false);
            (owner, reason) = (named, "named by the requester");
        }
        else
        {
            var table = await CallAsync(() => _clients.RoutingTable(Tenant).GetTableAsync(new GetTableRequest()).ResponseAsync).ConfigureAwait(false);
            var loads = table.Personas.ToDictionary(p => p.PersonaId, p => p.Open, StringComparer.Ordinal);
            var choice = RoutingDecider.ChooseBySkills(table.Personas, loads, state.Skills, exclude: null, ref _rotation);
            if (choice.PersonaId is null)
            {
                await _reminders.ScheduleAsync(_activation.Identity, AssignReminder, Now + OpenTaskRetry).ConfigureAwait(false);
                await ExecuteAsync(NewRequestId("open"), new LeaveTaskOpen(choice.Reason)).ConfigureAwait(false);
                return;
            }
            (owner, reason) = (choice.PersonaId, choice.Reason);
        }
        await SideEffectsAsync(() => ExecuteAsync(NewRequestId("assign"), new AssignTask(owner, reason))).ConfigureAwait(false);
        await _reminders.CancelAsync(_activation.Identity, AssignReminder).ConfigureAwait(false);
    }

    private async Task<TaskAck> FinishAsync(string requestId, TaskCommand command)
    {
        await SideEffectsAsync(() => ExecuteAsync(requestId, command)).ConfigureAwait(false);
        return Ack();
    }

    /// <summary>
    /// Journals what <paramref name="journal"/> decides under a reminder registered first, then runs the side effects; the
    /// reminder goes once they all succeeded, or stays to wake this grain to try again.
    /// </summary>
    private async Task SideEffectsAsync(Func<Task> journal)
    {
        await _reminders.ScheduleAsync(_activation.Identity, SyncReminder, Now + SideEffectRetry).ConfigureAwait(false);
        await journal().ConfigureAwait(false);
        try
        {
            await RunSideEffectsAsync().ConfigureAwait(false);
            await _reminders.CancelAsync(_activation.Identity, SyncReminder).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or GrainException)
        {
            LogSideEffectsPending(_logger, ex, _activation.StreamKey);
        }
    }

    /// <summary>
    /// What the current state asks of other grains, every call idempotent: the owner's inbox holds the task while it is
    /// assigned or in progress and not after; subtasks exist; a finished task's parent and watcher know its outcome.
    /// </summary>
    private async Task RunSideEffectsAsync()
    {
        var state = _journaled.State;
        if (state.Owner.Length > 0)
        {
            var persona = _clients.Persona(Tenant, state.Owner);
            if (state.Stage is TaskStage.Assigned or TaskStage.InProgress)
            {
                var request = new AssignWorkRequest { RequestId = $"task-{TaskId}-assign" };
                request.Items.Add(new WorkItem
                {
                    EventId = TaskId,
                    EventType = "task.assigned",
                    Source = "tasks",
                    Priority = WorkPriorities.ToContract(state.Priority),
                    OccurredAt = Timestamp.FromDateTimeOffset(state.CreatedAt),
                    AcceptedAt = Timestamp.FromDateTimeOffset(state.CreatedAt),
                    Decision = InboxDecision,
                });
                var ack = await persona.AssignWorkAsync(request).ResponseAsync.ConfigureAwait(false);
                await ReportLoadAsync(state.Owner, ack.Open, ack.Version).ConfigureAwait(false);
            }
            else if (state.IsFinished)
            {
                try
                {
                    var ack = await persona.CompleteWorkAsync(new CompleteWorkRequest
                    {
                        RequestId = $"task-{TaskId}-close",
                        EventId = TaskId,
                        Outcome = TaskDecider.Describe(state.Stage),
                    }).ResponseAsync.ConfigureAwait(false);
                    await ReportLoadAsync(state.Owner, ack.Open, ack.Version).ConfigureAwait(false);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    // Closed before (this is a repeat).
                }
            }
        }
        if (!state.IsFinished)
        {
            foreach (var subtask in state.Subtasks.Where(s => s.Stage == TaskStage.Open))
                await CreateSubtaskAsync(state, subtask).ConfigureAwait(false);
            return;
        }
        if (state.Watcher is { } watcher)
        {
            await _clients.Workflow(Tenant, watcher.WorkflowId).RecordTaskOutcomeAsync(new WorkflowTaskOutcomeRequest
            {
                RequestId = $"task-{TaskId}-outcome",
                StepId = watcher.StepId,
                TaskId = TaskId,
                Status = ToContract(state.Stage),
                Result = OutcomeText(state),
            }).ResponseAsync.ConfigureAwait(false);
        }
        if (state.ParentTaskId.Length > 0)
        {
            await _clients.Task(Tenant, state.ParentTaskId).RecordSubtaskOutcomeAsync(new SubtaskOutcomeRequest
            {
                RequestId = $"subtask-{TaskId}-outcome",
                TaskId = state.ParentTaskId,
                SubtaskId = TaskId,
                Status = ToContract(state.Stage),
                Result = OutcomeText(state),
            }).ResponseAsync.ConfigureAwait(false);
        }
    }

    private async Task CreateSubtaskAsync(TaskState parent, SubtaskSummary subtask)
    {
        var request = new CreateTaskRequest
        {
            RequestId = $"subtask-{subtask.TaskId}",
            TaskId = subtask.TaskId,
            Goal = subtask.Goal,
            Requester = $"task {parent.TaskId}",
            Priority = WorkPriorities.ToContract(subtask.Priority),
            ParentTaskId = parent.TaskId,
            Depth = parent.Depth + 1,
        };
        request.Skills.AddRange(subtask.Skills);
        try
        {
            await _clients.Task(Tenant, subtask.TaskId).CreateAsync(request).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Created by an earlier attempt whose request id the subtask no longer remembers.
        }
    }

    private async Task ReportLoadAsync(string personaId, int open, long version)
    {
        var report = new ReportLoadsRequest();
        report.Loads.Add(new PersonaLoad { PersonaId = personaId, Open = open, Version = version });
        await _clients.RoutingTable(Tenant).ReportLoadsAsync(report).ResponseAsync.ConfigureAwait(false);
    }

    private Task ExecuteAsync(string requestId, TaskCommand command) =>
        _journaled.ExecuteAsync(requestId, state => TaskDecider.Decide(command, state, Now), (_, version, _) => new TaskAck { TaskId = TaskId, Version = version });

    private TaskAck Ack() =>
        new() { TaskId = TaskId, Version = _journaled.Version, Task = _journaled.State.Exists ? ViewOf(_journaled.State, _journaled.Version) : null };

    /// <summary>The task as the contract shows it.</summary>
    public static TaskView ViewOf(TaskState state, long version)
    {
        var view = new TaskView
        {
            TaskId = state.TaskId,
            Goal = state.Goal,
            Requester = state.Requester,
            Priority = WorkPriorities.ToContract(state.Priority),
            Status = ToContract(state.Stage),
            Owner = state.Owner,
            ParentTaskId = state.ParentTaskId,
            Depth = state.Depth,
            Result = state.Result,
            Failure = state.Failure,
            CreatedAt = Timestamp.FromDateTimeOffset(state.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(state.UpdatedAt),
            Version = version,
            Input = state.Input,
            Notify = state.Watcher is { } w ? new TaskOutcomeTarget { WorkflowId = w.WorkflowId, StepId = w.StepId } : null,
        };
        view.Skills.AddRange(state.Skills);
        view.Subtasks.AddRange(state.Subtasks.Select(s => new SubtaskView { TaskId = s.TaskId, Goal = s.Goal, Status = ToContract(s.Stage), Result = s.Result }));
        view.History.AddRange(state.History.Select(h => new TaskHistoryEntry { Status = ToContract(h.Stage), At = Timestamp.FromDateTimeOffset(h.At), Note = h.Note }));
        return view;
    }

    /// <summary>What a finished task reports: its result when done, why it failed, or why it was cancelled (the note of its last move).</summary>
    private static string OutcomeText(TaskState state) => state.Stage switch
    {
        TaskStage.Done => state.Result,
        TaskStage.Failed => state.Failure,
        _ => state.History.IsEmpty ? "" : state.History[^1].Note,
    };

    public static WorkTaskStatus ToContract(TaskStage stage) => (WorkTaskStatus)(int)stage;

    private static TaskStage StageOf(WorkTaskStatus status) =>
        status is >= WorkTaskStatus.Open and <= WorkTaskStatus.Cancelled ? (TaskStage)(int)status : 0;

    private void RequireExists()
    {
        if (!_journaled.State.Exists)
            throw GrainException.NotFound($"Task {TaskId} does not exist.");
    }

    private void RequireSameTask(string taskId)
    {
        if (taskId.Length > 0 && taskId != TaskId)
            throw GrainException.Invalid("taskId", $"addresses task '{taskId}' but the call reached task '{TaskId}'");
    }

    /// <summary>A failed call to another grain is this call's failure with the same status; NOT_FOUND of a named persona names the field.</summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call, string? field = null, string? id = null)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException ex) when (field is not null && ex.StatusCode == StatusCode.NotFound)
        {
            throw GrainException.Invalid(field, $"persona '{id}' does not exist");
        }
        catch (RpcException ex)
        {
            throw new GrainException(ex.StatusCode, ex.Status.Detail);
        }
    }

    private static string NewRequestId(string what) => $"{what}-{Guid.CreateVersion7():N}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {StreamKey}: side effects of its last change did not finish; its reminder will retry them")]
    private static partial void LogSideEffectsPending(ILogger logger, Exception exception, string streamKey);
}
