using System.Text.Json;

namespace EDRS.Hosts.Gateway.Tools;

/// <summary>An HTTP tool to register (or to replace: the same name again gets the next version).</summary>
/// <param name="Name">1..64 characters: lowercase letters, digits, '_' or '-', starting with a letter; not a built-in tool's name.</param>
/// <param name="Description">What it does, for people and for models choosing tools (at most 2,000 characters).</param>
/// <param name="Method">GET, POST (default), PUT, PATCH or DELETE. GET and DELETE send the arguments the URL does not use as query parameters; the others send them as the JSON body.</param>
/// <param name="UrlTemplate">An absolute http(s) URL; <c>{name}</c> is replaced by that argument, URL-encoded.</param>
/// <param name="ArgsSchema">A JSON Schema the arguments must satisfy (default <c>{"type":"object"}</c>).</param>
/// <param name="Headers">Headers sent with every call (at most 20; not Host, Content-*, Idempotency-Key).</param>
/// <param name="SecretRef">The name of a secret to send (configured as <c>Secrets__{tenant}__{name}</c>); the secret itself is never sent to or stored by the API.</param>
/// <param name="SecretHeader">The header carrying the secret (default Authorization).</param>
/// <param name="SecretScheme">Put before the secret (default Bearer with Authorization).</param>
/// <param name="TimeoutSeconds">One call's deadline, 1..300 (default 30).</param>
public sealed record ToolBody(
    string? Name,
    string? Description,
    string? Method,
    string? UrlTemplate,
    JsonElement? ArgsSchema,
    IReadOnlyDictionary<string, string?>? Headers,
    string? SecretRef,
    string? SecretHeader,
    string? SecretScheme,
    int? TimeoutSeconds);
