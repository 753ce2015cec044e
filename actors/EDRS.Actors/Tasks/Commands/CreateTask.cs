using EDRS.Actors.Inbound.Work;

namespace EDRS.Actors.Tasks.Commands;

/// <summary>
/// Create a task. <paramref name="ParentTaskId"/> and <paramref name="Depth"/> are set for subtasks (by their parent);
/// a task anyone else creates is level 1.
/// </summary>
public sealed record CreateTask(
    string TaskId,
    string Goal,
    string Requester,
    IReadOnlyList<string> Skills,
    WorkPriority? Priority,
    string Input,
    TaskWatcher? Watcher,
    string ParentTaskId = "",
    int Depth = 1) : TaskCommand;
