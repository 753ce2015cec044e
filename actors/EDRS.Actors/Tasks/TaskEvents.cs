using EDRS.Actors.Tasks.Events;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors.Tasks;

/// <summary>The stored names of the task's events, and those that leave the cluster. Never change a name once used.</summary>
public static class TaskEvents
{
    public static EventTypeMap MapTaskEvents(this EventTypeMap map) => map
        .Map<TaskCreated>("task_created")
        .Map<TaskAssigned>("task_assigned")
        .Map<TaskLeftOpen>("task_left_open")
        .Map<TaskStarted>("task_started")
        .Map<TaskCompleted>("task_completed")
        .Map<TaskFailed>("task_failed")
        .Map<TaskCancelled>("task_cancelled")
        .Map<SubtasksAdded>("subtasks_added")
        .Map<SubtaskOutcomeRecorded>("subtask_outcome_recorded");

    public static EventTypeMap PublishTaskEvents(this EventTypeMap map) => map
        .Publish<TaskCreated>("task.created")
        .Publish<TaskAssigned>("task.assigned")
        .Publish<TaskCompleted>("task.completed")
        .Publish<TaskFailed>("task.failed")
        .Publish<TaskCancelled>("task.cancelled");
}
