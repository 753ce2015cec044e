using EDRS.Actors.Tasks.Commands;
using EDRS.Actors.Tasks.Events;
using EDRS.Grains.Runtime;
using static EDRS.Actors.CommandFields;

namespace EDRS.Actors.Tasks;

/// <summary>
/// The task's rules, pure: statuses move open → assigned → in progress → done | failed | cancelled (a finished task
/// never changes again); subtasks at most <see cref="TaskLimits.MaxSubtasks"/> per task and <see cref="TaskLimits.MaxDepth"/>
/// levels in all. Choosing the owner is the grain's (it reads the routing table); the decider records the choice.
/// </summary>
public static class TaskDecider
{
    private static readonly IReadOnlyList<TaskEvent> Nothing = [];

    public static IReadOnlyList<TaskEvent> Decide(TaskCommand command, TaskState state, DateTimeOffset now) => command switch
    {
        CreateTask c => Create(c, state, now),
        AssignTask c => Assign(c, state, now),
        LeaveTaskOpen c => LeaveOpen(c, state, now),
        StartTask => Start(state, now),
        CompleteTask c => Complete(c, state, now),
        FailTask c => Fail(c, state, now),
        CancelTask c => Cancel(c, state, now),
        AddSubtasks c => Split(c, state, now),
        RecordSubtaskOutcome c => RecordOutcome(c, state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A task does not know this command."),
    };

    private static IReadOnlyList<TaskEvent> Create(CreateTask command, TaskState state, DateTimeOffset now)
    {
        if (state.Exists)
            throw Reject.AlreadyExists($"Task {command.TaskId} exists already.");
        var goal = Required("goal", command.Goal, TaskLimits.MaxGoalLength, multiline: true);
        var requester = Bounded("requester", command.Requester, TaskLimits.MaxRequesterLength);
        var skills = Names("skills", command.Skills, TaskLimits.MaxSkills, TaskLimits.MaxSkillLength);
        if (command.Priority is not { } priority || !Enum.IsDefined(priority))
            throw Reject.Invalid("priority", "must be LOW, NORMAL, HIGH or CRITICAL");
        if (command.Depth is < 1 or > TaskLimits.MaxDepth)
            throw Reject.Invalid("depth", $"must be 1..{TaskLimits.MaxDepth}");
        var input = JsonObject("input", command.Input, TaskLimits.MaxInputBytes);
        if (command.Watcher is { } watcher && (!GrainIds.IsEntityId(watcher.WorkflowId) || !GrainIds.IsEntityId(watcher.StepId)))
            throw Reject.Invalid("notify", "must name a workflow id and a step id");
        return [new TaskCreated(command.TaskId, goal, requester, skills, priority, command.ParentTaskId, command.Depth, input, command.Watcher, now)];
    }

    private static IReadOnlyList<TaskEvent> Assign(AssignTask command, TaskState state, DateTimeOffset now)
    {
        RequireExists(state);
        Id("owner", command.Owner);
        if (state.Owner == command.Owner && state.Stage is TaskStage.Assigned or TaskStage.InProgress)
            return Nothing;
        if (state.Stage != TaskStage.Open)
            throw Reject.Conflict($"Task {state.TaskId} is {Describe(state.Stage)}: only an open task is assigned.");
        return [new TaskAssigned(command.Owner, Bounded("reason", command.Reason, TaskLimits.MaxReasonLength), now)];
    }

    private static IReadOnlyList<TaskEvent> LeaveOpen(LeaveTaskOpen command, TaskState state, DateTimeOffset now)
    {
        RequireExists(state);
        var reason = Bounded("reason", command.Reason, TaskLimits.MaxReasonLength);
        // Said once: asking again (a retried assignment) adds nothing while nothing changed.
        if (state.Stage != TaskStage.Open || (state.History.Count > 0 && state.History[^1].Note == reason))
            return Nothing;
        return [new TaskLeftOpen(reason, now)];
    }

    private static IReadOnlyList<TaskEvent> Start(TaskState state, DateTimeOffset now)
    {
        RequireExists(state);
        return state.Stage switch
        {
            TaskStage.InProgress => Nothing,
            TaskStage.Assigned => [new TaskStarted(now)],
            _ => throw Reject.Conflict($"Task {state.TaskId} is {Describe(state.Stage)}: only an assigned task is started."),
        };
    }

    private static IReadOnlyList<TaskEvent> Complete(CompleteTask command, TaskState state, DateTimeOffset now)
    {
        RequireExists(state);
        RequireUnfinished(state, "completed");
        if (state.Stage == TaskStage.Open)
            throw Reject.Conflict($"Task {state.TaskId} has no owner yet: assign it before completing it.");
        return [new TaskCompleted(Bounded("result", command.Result, TaskLimits.MaxResultLength, multiline: true), now)];
    }

    private static IReadOnlyList<TaskEvent> Fail(FailTask command, TaskState state, DateTimeOffset now)
    {
        RequireExists(state);
        RequireUnfinished(state, "failed");
        return [new TaskFailed(Required("reason", command.Reason, TaskLimits.MaxReasonLength, multiline: true), now)];
    }

    private static IReadOnlyList<TaskEvent> Cancel(CancelTask command, TaskState state, DateTimeOffset now)
    {
        RequireExists(state);
        if (state.Stage == TaskStage.Cancelled)
            return Nothing;
        RequireUnfinished(state, "cancelled");
        return [new TaskCancelled(Bounded("reason", command.Reason, TaskLimits.MaxReasonLength, multiline: true), now)];
    }

    private static IReadOnlyList<TaskEvent> Split(AddSubtasks command, TaskState state, DateTimeOffset now)
    {
        RequireExists(state);
        RequireUnfinished(state, "split");
        if (state.Depth >= TaskLimits.MaxDepth)
            throw Reject.Invalid("subtasks", $"a task at level {state.Depth} cannot be split: tasks go {TaskLimits.MaxDepth} levels deep at most");
        if (command.Subtasks.Count == 0)
            throw Reject.Invalid("subtasks", "at least one subtask is required");
        if (state.Subtasks.Count + command.Subtasks.Count > TaskLimits.MaxSubtasks)
            throw Reject.Invalid("subtasks",
                $"a task has at most {TaskLimits.MaxSubtasks} subtasks (it has {state.Subtasks.Count}, {command.Subtasks.Count} more were asked for)");
        var added = new List<SubtaskSummary>(command.Subtasks.Count);
        for (var i = 0; i < command.Subtasks.Count; i++)
        {
            var plan = command.Subtasks[i];
            var id = TaskIds.Subtask(state.TaskId, state.Subtasks.Count + i + 1)
                ?? throw Reject.Invalid("subtasks", $"the subtask ids of {state.TaskId} would be longer than 64 characters: use a shorter task id");
            var goal = Required($"subtasks[{i}].goal", plan.Goal, TaskLimits.MaxGoalLength, multiline: true);
            var skills = Names($"subtasks[{i}].skills", plan.Skills, TaskLimits.MaxSkills, TaskLimits.MaxSkillLength);
            if (plan.Priority is { } p && !Enum.IsDefined(p))
                throw Reject.Invalid($"subtasks[{i}].priority", "must be LOW, NORMAL, HIGH or CRITICAL");
            added.Add(new SubtaskSummary(id, goal, skills, plan.Priority ?? state.Priority, TaskStage.Open, ""));
        }
        return [new SubtasksAdded(added, now)];
    }

    private static IReadOnlyList<TaskEvent> RecordOutcome(RecordSubtaskOutcome command, TaskState state, DateTimeOffset now)
    {
        RequireExists(state);
        var subtask = state.Subtasks.Find(s => s.TaskId == command.SubtaskId)
            ?? throw Reject.NotFound($"Task {state.TaskId} has no subtask {command.SubtaskId}.");
        if (command.Stage is not (TaskStage.Done or TaskStage.Failed or TaskStage.Cancelled))
            throw Reject.Invalid("status", "must be DONE, FAILED or CANCELLED");
        if (subtask.Stage == command.Stage && subtask.Result == command.Result)
            return Nothing;
        return [new SubtaskOutcomeRecorded(command.SubtaskId, command.Stage, Bounded("result", command.Result, TaskLimits.MaxResultLength, multiline: true), now)];
    }

    public static TaskState Evolve(TaskState state, TaskEvent @event) => @event switch
    {
        TaskCreated e => state with
        {
            Exists = true,
            TaskId = e.TaskId,
            Goal = e.Goal,
            Requester = e.Requester,
            Skills = e.Skills,
            Priority = e.Priority,
            Stage = TaskStage.Open,
            ParentTaskId = e.ParentTaskId,
            Depth = e.Depth,
            Input = e.Input,
            Watcher = e.Watcher,
            CreatedAt = e.CreatedAt,
            UpdatedAt = e.CreatedAt,
            History = [new TaskMilestone(TaskStage.Open, e.CreatedAt, string.IsNullOrEmpty(e.Requester) ? "created" : $"created by {e.Requester}")],
        },
        TaskAssigned e => Moved(state, TaskStage.Assigned, e.AssignedAt, $"assigned to {e.Owner}: {e.Reason}") with { Owner = e.Owner },
        TaskLeftOpen e => Moved(state, TaskStage.Open, e.At, e.Reason),
        TaskStarted e => Moved(state, TaskStage.InProgress, e.StartedAt, $"started by {state.Owner}"),
        TaskCompleted e => Moved(state, TaskStage.Done, e.CompletedAt, "done") with { Result = e.Result },
        TaskFailed e => Moved(state, TaskStage.Failed, e.FailedAt, e.Reason) with { Failure = e.Reason },
        TaskCancelled e => Moved(state, TaskStage.Cancelled, e.CancelledAt, e.Reason.Length == 0 ? "cancelled" : e.Reason),
        SubtasksAdded e => state with { Subtasks = state.Subtasks.AddRange(e.Subtasks), UpdatedAt = e.AddedAt },
        SubtaskOutcomeRecorded e => state with
        {
            Subtasks = state.Subtasks.ConvertAll(s => s.TaskId == e.SubtaskId ? s with { Stage = e.Stage, Result = e.Result } : s),
            UpdatedAt = e.At,
        },
        _ => throw new InvalidOperationException($"A task does not know the event {@event.GetType().Name}."),
    };

    /// <summary>The contract's word for a stage, lowercase, for messages.</summary>
    public static string Describe(TaskStage stage) => stage switch
    {
        TaskStage.Open => "open",
        TaskStage.Assigned => "assigned",
        TaskStage.InProgress => "in progress",
        TaskStage.Done => "done",
        TaskStage.Failed => "failed",
        _ => "cancelled",
    };

    private static TaskState Moved(TaskState state, TaskStage stage, DateTimeOffset at, string note)
    {
        var history = state.History.Add(new TaskMilestone(stage, at, note));
        if (history.Count > TaskLimits.MaxHistory)
            history = history.RemoveAt(1); // the creation stays; the oldest change after it goes
        return state with { Stage = stage, UpdatedAt = at, History = history };
    }

    private static void RequireExists(TaskState state)
    {
        if (!state.Exists)
            throw Reject.NotFound("The task does not exist.");
    }

    private static void RequireUnfinished(TaskState state, string what)
    {
        if (state.IsFinished)
            throw Reject.Conflict($"Task {state.TaskId} is {Describe(state.Stage)} already: it cannot be {what}.");
    }
}
