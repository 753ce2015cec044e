using EDRS.Actors.Tools.Events;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors.Tools;

/// <summary>The stored names of the tool registry's events. Never change a name once used.</summary>
public static class ToolEvents
{
    public static EventTypeMap MapToolEvents(this EventTypeMap map) => map
        .Map<ToolRegistered>("tool_registered")
        .Map<ToolRemoved>("tool_removed");
}
