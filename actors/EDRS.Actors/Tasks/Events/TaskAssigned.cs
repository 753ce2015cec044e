namespace EDRS.Actors.Tasks.Events;

/// <summary>The task was given to <paramref name="Owner"/>, with why. Stored as <c>task_assigned</c>, published as <c>task.assigned</c>.</summary>
public sealed record TaskAssigned(string Owner, string Reason, DateTimeOffset AssignedAt) : TaskEvent;
