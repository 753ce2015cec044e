namespace EDRS.Actors.Workflows.Commands;

/// <summary>A named signal arrived.</summary>
public sealed record ReceiveSignal(string Name, string Payload) : WorkflowCommand;
