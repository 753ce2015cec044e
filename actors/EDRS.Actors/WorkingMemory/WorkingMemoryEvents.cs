using EDRS.Actors.WorkingMemory.Events;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors.WorkingMemory;

/// <summary>The stored names of the working memory's events. Never change a name once it has been used.</summary>
public static class WorkingMemoryEvents
{
    public static EventTypeMap MapWorkingMemoryEvents(this EventTypeMap map) => map
        .Map<WorkingMemoryItemAdded>("working_memory_item_added")
        .Map<WorkingMemoryItemEvicted>("working_memory_item_evicted")
        .Map<WorkingMemoryItemExpired>("working_memory_item_expired")
        .Map<WorkingMemoryItemRemoved>("working_memory_item_removed")
        .Map<WorkingMemoryItemPromoted>("working_memory_item_promoted");
}
