namespace EDRS.Actors.Workflows.Events;

/// <summary>What happens while a failed or cancelled workflow undoes its succeeded steps (see <see cref="WorkflowDecider"/>'s saga rules).</summary>
public abstract record CompensationEvent : WorkflowEvent
{
    private protected CompensationEvent()
    {
    }
}
