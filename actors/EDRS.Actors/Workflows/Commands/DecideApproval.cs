namespace EDRS.Actors.Workflows.Commands;

/// <summary>A person approves or rejects a waiting approval step.</summary>
public sealed record DecideApproval(string StepId, bool Approved, string Approver, IReadOnlyList<string> Roles, string Comment) : WorkflowCommand;
