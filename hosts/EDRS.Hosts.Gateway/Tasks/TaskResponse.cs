using System.Text.Json;

namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>A task as it is now.</summary>
/// <param name="Id">The task's id.</param>
/// <param name="Goal">What is to be achieved.</param>
/// <param name="Requester">Who asked.</param>
/// <param name="Skills">Skills its owner needs.</param>
/// <param name="Priority">low, normal, high or critical.</param>
/// <param name="Status">open (no persona has the skills yet), assigned, in_progress, done, failed or cancelled.</param>
/// <param name="Owner">The persona it was given to; absent while open.</param>
/// <param name="ParentTaskId">For a subtask: the task it is part of.</param>
/// <param name="Depth">1 for a task, 2 for its subtasks, 3 for theirs.</param>
/// <param name="Subtasks">Its subtasks and how they ended.</param>
/// <param name="Result">When done: the result.</param>
/// <param name="Failure">When failed: why.</param>
/// <param name="History">Every status change, oldest first, with why.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Version">Its journal version.</param>
/// <param name="Input">What it works on, as given.</param>
/// <param name="Workflow">The workflow step waiting for its outcome, <c>{workflowId}/{stepId}</c>.</param>
public sealed record TaskResponse(
    string Id,
    string Goal,
    string Requester,
    IReadOnlyList<string> Skills,
    string Priority,
    string Status,
    string? Owner,
    string? ParentTaskId,
    int Depth,
    IReadOnlyList<SubtaskResponse> Subtasks,
    string? Result,
    string? Failure,
    IReadOnlyList<TaskHistoryResponse> History,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    JsonElement? Input,
    string? Workflow);
