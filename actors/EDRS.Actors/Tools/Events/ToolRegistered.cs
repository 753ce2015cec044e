namespace EDRS.Actors.Tools.Events;

/// <summary>A tool was registered (or replaced: a higher version). Stored as <c>tool_registered</c>.</summary>
public sealed record ToolRegistered(ToolSpec Tool) : ToolRegistryEvent;
