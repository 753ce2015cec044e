namespace EDRS.Actors.Tools.Commands;

/// <summary>Remove the tool of that name.</summary>
public sealed record RemoveTool(string Name) : ToolRegistryCommand;
