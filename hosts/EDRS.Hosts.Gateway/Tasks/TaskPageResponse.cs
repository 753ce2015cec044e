namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>One page of the task board, by task id.</summary>
/// <param name="Items">Up to <c>limit</c> tasks.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record TaskPageResponse(IReadOnlyList<TaskSummaryResponse> Items, string? NextCursor);
