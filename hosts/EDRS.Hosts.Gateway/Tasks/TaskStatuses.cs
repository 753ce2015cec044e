using EDRS.Grains.Contracts.Work;

namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>Task statuses as the REST API spells them.</summary>
public static class TaskStatuses
{
    public const string Allowed = "open, assigned, in_progress, done, failed, cancelled";

    public static WorkTaskStatus Parse(string? value) => value?.ToLowerInvariant() switch
    {
        "open" => WorkTaskStatus.Open,
        "assigned" => WorkTaskStatus.Assigned,
        "in_progress" => WorkTaskStatus.InProgress,
        "done" => WorkTaskStatus.Done,
        "failed" => WorkTaskStatus.Failed,
        "cancelled" => WorkTaskStatus.Cancelled,
        _ => WorkTaskStatus.Unspecified,
    };

    public static string Name(WorkTaskStatus status) => status switch
    {
        WorkTaskStatus.Open => "open",
        WorkTaskStatus.Assigned => "assigned",
        WorkTaskStatus.InProgress => "in_progress",
        WorkTaskStatus.Done => "done",
        WorkTaskStatus.Failed => "failed",
        WorkTaskStatus.Cancelled => "cancelled",
        _ => "unspecified",
    };
}
