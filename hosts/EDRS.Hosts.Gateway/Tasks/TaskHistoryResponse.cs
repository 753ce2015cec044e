namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>One status change of a task.</summary>
/// <param name="Status">The status it moved to.</param>
/// <param name="At">When.</param>
/// <param name="Note">Why: the owner and how it was chosen, the failure, the cancellation's reason.</param>
public sealed record TaskHistoryResponse(string Status, DateTimeOffset At, string Note);
