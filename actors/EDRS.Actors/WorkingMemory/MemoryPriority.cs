namespace EDRS.Actors.WorkingMemory;

/// <summary>The five priority levels of a working-memory item. Stored as its number: never renumber.</summary>
public enum MemoryPriority
{
    Lowest = 1,
    Low = 2,
    Normal = 3,
    High = 4,
    Highest = 5,
}
