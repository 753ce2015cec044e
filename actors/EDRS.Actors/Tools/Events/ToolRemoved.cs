namespace EDRS.Actors.Tools.Events;

/// <summary>A tool was removed. Stored as <c>tool_removed</c>.</summary>
public sealed record ToolRemoved(string Name, DateTimeOffset RemovedAt) : ToolRegistryEvent;
