namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>One subtask to create.</summary>
/// <param name="Goal">What it achieves, required, at most 2,000 characters.</param>
/// <param name="Skills">Skills its owner needs (at most 10).</param>
/// <param name="Priority">low, normal, high or critical; absent: the parent's.</param>
public sealed record SubtaskBody(string? Goal, IReadOnlyList<string?>? Skills, string? Priority);
