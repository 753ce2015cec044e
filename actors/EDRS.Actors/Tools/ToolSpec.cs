namespace EDRS.Actors.Tools;

/// <summary>
/// One HTTP tool of a tenant, as registered. <paramref name="SecretRef"/> names a secret the member resolves at call time
/// (<see cref="Invocation.ISecretStore"/>); the secret itself is never journaled.
/// </summary>
public sealed record ToolSpec(
    string Name,
    string Description,
    string Method,
    string UrlTemplate,
    string ArgsSchema,
    IReadOnlyDictionary<string, string> Headers,
    string SecretRef,
    string SecretHeader,
    string SecretScheme,
    int TimeoutSeconds,
    long Version,
    DateTimeOffset RegisteredAt);
