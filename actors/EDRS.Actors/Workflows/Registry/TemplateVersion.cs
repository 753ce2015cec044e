namespace EDRS.Actors.Workflows.Registry;

/// <summary>One registered version of a template: its definition as checked and compacted.</summary>
public sealed record TemplateVersion(string Name, long Version, string Definition, DateTimeOffset RegisteredAt);
