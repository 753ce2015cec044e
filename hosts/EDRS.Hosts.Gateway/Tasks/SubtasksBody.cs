namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>Subtasks to split a task into.</summary>
/// <param name="Subtasks">Together with those the task has, at most 10; each becomes a task of its own, id <c>{taskId}.{n}</c>.</param>
public sealed record SubtasksBody(IReadOnlyList<SubtaskBody?>? Subtasks);
