using EDRS.Grains.Contracts.Events;

namespace EDRS.Actors.Inbound.Work;

/// <summary>The contract's <see cref="EventPriority"/> and the domain's <see cref="WorkPriority"/>, both ways (for grain edges).</summary>
public static class WorkPriorities
{
    /// <summary>The domain priority, or null for UNSPECIFIED (refused by the deciders).</summary>
    public static WorkPriority? FromContract(EventPriority priority) => priority switch
    {
        EventPriority.Low => WorkPriority.Low,
        EventPriority.Normal => WorkPriority.Normal,
        EventPriority.High => WorkPriority.High,
        EventPriority.Critical => WorkPriority.Critical,
        _ => null,
    };

    public static EventPriority ToContract(WorkPriority priority) => priority switch
    {
        WorkPriority.Low => EventPriority.Low,
        WorkPriority.Normal => EventPriority.Normal,
        WorkPriority.High => EventPriority.High,
        WorkPriority.Critical => EventPriority.Critical,
        _ => EventPriority.Unspecified,
    };
}
