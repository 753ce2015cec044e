namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>An approval step's decision.</summary>
/// <param name="Approved">true approves (the workflow goes on); false rejects (the step and the workflow fail).</param>
/// <param name="Comment">Why (at most 2,000 characters).</param>
public sealed record ApprovalBody(bool? Approved, string? Comment);
