using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Tasks.Events;

/// <summary>A task was created. Stored as <c>task_created</c>, published as <c>task.created</c>.</summary>
public sealed record TaskCreated(
    string TaskId,
    string Goal,
    string Requester,
    IReadOnlyList<string> Skills,
    WorkPriority Priority,
    string ParentTaskId,
    int Depth,
    string Input,
    TaskWatcher? Watcher,
    DateTimeOffset CreatedAt) : TaskEvent;
