namespace EDRS.Actors.Tasks;

/// <summary>Where a task is: open → assigned → in progress → done | failed | cancelled. Stored as its number (the contract's numbers): never renumber.</summary>
public enum TaskStage
{
    Open = 1,
    Assigned = 2,
    InProgress = 3,
    Done = 4,
    Failed = 5,
    Cancelled = 6,
}
