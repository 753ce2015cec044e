namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>A task as the board lists it.</summary>
/// <param name="Id">The task's id.</param>
/// <param name="Goal">Its goal (the first 200 characters).</param>
/// <param name="Status">open, assigned, in_progress, done, failed or cancelled.</param>
/// <param name="Owner">Its owner persona; absent while open.</param>
/// <param name="Priority">low, normal, high or critical.</param>
/// <param name="ParentTaskId">For a subtask: its parent.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record TaskSummaryResponse(string Id, string Goal, string Status, string? Owner, string Priority, string? ParentTaskId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
