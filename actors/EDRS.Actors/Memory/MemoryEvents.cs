using EDRS.Actors.Memory.Events;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors.Memory;

/// <summary>The stored names of the long-term memory's events. Never change a name once it has been used.</summary>
public static class MemoryEvents
{
    public static EventTypeMap MapMemoryEvents(this EventTypeMap map) => map
        .Map<MemoryRecorded>("memory_recorded")
        .Map<MemoryRevised>("memory_revised")
        .Map<MemoryForgotten>("memory_forgotten")
        .Map<MemoriesExpired>("memories_expired")
        .Map<PersonMemoriesErased>("person_memories_erased")
        .Map<FactsMirrored>("facts_mirrored");
}
