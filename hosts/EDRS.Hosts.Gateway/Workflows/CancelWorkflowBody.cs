namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>Why a workflow is cancelled.</summary>
public sealed record CancelWorkflowBody(string? Reason);
