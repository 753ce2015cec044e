namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>A subtask as its parent knows it.</summary>
/// <param name="Id">The subtask's task id (<c>{parent}.{n}</c>).</param>
/// <param name="Goal">What it achieves.</param>
/// <param name="Status">Its status as last reported to the parent: open until it ends, then done, failed or cancelled.</param>
/// <param name="Result">Its result or failure, once it ended.</param>
public sealed record SubtaskResponse(string Id, string Goal, string Status, string? Result);
