namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>Why a workflow is paused (kept in its journal).</summary>
public sealed record PauseWorkflowBody(string? Reason);
