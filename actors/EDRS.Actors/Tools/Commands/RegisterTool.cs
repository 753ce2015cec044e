namespace EDRS.Actors.Tools.Commands;

/// <summary>Register a tool or replace the one of that name (version and time are the registry's).</summary>
public sealed record RegisterTool(
    string Name,
    string Description,
    string Method,
    string UrlTemplate,
    string ArgsSchema,
    IReadOnlyDictionary<string, string> Headers,
    string SecretRef,
    string SecretHeader,
    string SecretScheme,
    int TimeoutSeconds) : ToolRegistryCommand;
