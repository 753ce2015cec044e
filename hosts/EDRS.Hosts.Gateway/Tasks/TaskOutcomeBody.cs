namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>How a task ended or why it changed hands.</summary>
/// <param name="Result">Completing: the result (text or JSON text), at most 100,000 characters.</param>
/// <param name="Reason">Failing (required) or cancelling: why, at most 2,000 characters.</param>
/// <param name="Owner">Assigning: the persona to give an open task to; absent: choose by skills and load.</param>
public sealed record TaskOutcomeBody(string? Result, string? Reason, string? Owner);
