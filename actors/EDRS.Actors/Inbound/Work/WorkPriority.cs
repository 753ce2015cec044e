namespace EDRS.Actors.Inbound.Work;

/// <summary>
/// How urgent an inbound event (and the work it becomes) is. Stored as its number, the same numbers as the contract's
/// <c>EventPriority</c>: never renumber.
/// </summary>
public enum WorkPriority
{
    Low = 1,
    Normal = 2,
    High = 3,
    Critical = 4,
}
