namespace EDRS.Persistence.Workflows;

/// <summary>
/// A running workflow's signal step waiting for an inbound event: of a type matching <see cref="EventType"/> (a routing
/// pattern) whose metadata carries <see cref="CorrelationId"/>; such an event is sent to the run as the signal <see cref="Signal"/>.
/// </summary>
public sealed record WorkflowEventWait(string Tenant, string CorrelationId, string WorkflowId, string StepId, string EventType, string Signal);
