namespace EDRS.Actors.Workflows.Definitions;

/// <summary>
/// What starts a template by itself: every inbound event whose type matches <see cref="EventType"/> (a routing pattern:
/// <c>support.ticket_opened</c>, <c>support.*</c> or <c>*</c>) starts a run with the event as its input.
/// </summary>
public sealed record WorkflowTrigger
{
    public string EventType { get; init; } = "";
}
