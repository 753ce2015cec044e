namespace EDRS.Actors.Workflows.Events;

/// <summary>A named signal arrived (a waiting signal step of that name takes it). Stored as <c>workflow_signal_received</c>.</summary>
public sealed record SignalReceived(string Name, string Payload, DateTimeOffset At) : WorkflowEvent;
